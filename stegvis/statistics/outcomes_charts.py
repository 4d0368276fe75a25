"""A chart of one outcome: mean score before and after, and the shares of reliable change.

The page shows the same figures in a table beside it (the chart is an image with an alt text
that says so). Nothing is drawn for a suppressed group.
"""

from __future__ import annotations

import re

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from stegvis.care.charts import svg_data_uri
from stegvis.statistics.outcomes import MeasureOutcome

_STYLE = Style(
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
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _render(chart) -> str:
    # pygal embeds its config as a script even without interactivity; the chart needs none.
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def outcome_chart(outcome: MeasureOutcome, *, width: int = 640, height: int = 360) -> dict | None:
    """{"uri", "uri_small"} of the mean pre and post bars, or None when suppressed."""
    summary = outcome.summary
    if summary is None:
        return None

    def draw(w: int, h: int) -> str:
        chart = pygal.Bar(
            style=_STYLE,
            title=_("%(title)s: mean before and after") % {"title": outcome.title},
            width=w,
            height=h,
            js=(),
            disable_xml_declaration=True,
            show_legend=False,
            include_x_axis=True,  # from zero: no exaggerated change
            print_values=True,
            value_formatter=lambda v: f"{v:.3g}",
        )
        chart.x_labels = [_("Pre"), _("Post")]
        chart.add(outcome.title, [summary.mean_pre, summary.mean_post])
        return _render(chart)

    return {"uri": svg_data_uri(draw(width, height)), "uri_small": svg_data_uri(draw(360, 300))}
