"""How every chart in Stegvis is drawn: one palette, SVG without scripts, shown as an image.

Charts are pygal SVG rendered on the server and shown through `<img src="data:...">` with a
table of the same figures beside them: the strict CSP allows no inline style or script on the
page, and an image needs neither. The score charts (care/charts.py) and the statistics charts
(statistics/usage_charts.py, outcomes_charts.py) all draw through `render` with
`common_options()`, so a therapist's chart and a data admin's read alike.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pygal.graph.public import PublicApi
    from pygal.style import Style


@cache
def _style() -> Style:
    # pygal is slow to import (a tenth of a second at start-up): load it for the first chart.
    from pygal.style import Style

    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1a1a1a",
        foreground_strong="#1a1a1a",
        foreground_subtle="#5a5a5a",
        colors=("#005a8c", "#b3470e", "#2e7d32", "#6a1b9a"),
        font_family="system-ui, sans-serif",
        label_font_size=14,
        major_label_font_size=14,
        legend_font_size=14,
        title_font_size=16,
    )


def common_options() -> dict:
    """Options every chart shares: the palette, no JavaScript, SVG meant to be embedded."""
    return {"style": _style(), "js": (), "disable_xml_declaration": True}


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def render(chart: PublicApi) -> str:
    """The chart's SVG document, without the config script pygal embeds even when unused."""
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def svg_data_uri(svg: str) -> str:
    """A `data:` URI for `<img src alt>` (keeps the page free of inline styles)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
