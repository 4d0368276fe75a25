"""A chart of one outcome: mean score before and after, and the shares of reliable change.

The page shows the same figures in a table beside it (the chart is an image with an alt text
that says so). Nothing is drawn for a suppressed group.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from stegvis.charts import common_options, render, svg_data_uri
from stegvis.statistics.outcomes import MeasureOutcome


def outcome_chart(outcome: MeasureOutcome, *, width: int = 640, height: int = 360) -> dict | None:
    """{"uri", "uri_small"} of the mean pre and post bars, or None when suppressed."""
    summary = outcome.summary
    if summary is None:
        return None

    def draw(w: int, h: int) -> str:
        import pygal  # slow to import: loaded for the first chart (stegvis/charts.py)

        chart = pygal.Bar(
            **common_options(),
            title=_("%(title)s: mean before and after") % {"title": outcome.title},
            width=w,
            height=h,
            show_legend=False,
            include_x_axis=True,  # from zero: no exaggerated change
            print_values=True,
            value_formatter=lambda v: f"{v:.3g}",
        )
        chart.x_labels = [_("Pre"), _("Post")]
        chart.add(outcome.title, [summary.mean_pre, summary.mean_post])
        return render(chart)

    return {"uri": svg_data_uri(draw(width, height)), "uri_small": svg_data_uri(draw(360, 300))}
