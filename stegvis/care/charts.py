"""Score charts: pygal SVG rendered on the server, always shown with a table alternative.

Small API shared by the staff and citizen portals:

- ``score_series(enrollment, responses=None) -> list[Series]``: completed, scored
  questionnaires of the enrollment, one series per questionnaire, oldest first.
- ``render_line_chart(series, title) -> str``: an SVG document (no scripts).
- ``diary_series(entries, field_key, title) -> Series``: a diary's number field over time.
- ``svg_data_uri(svg) -> str``: for ``<img src alt>`` (keeps the page free of inline styles).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass

import pygal
from django.utils import formats, timezone
from django.utils.translation import get_language
from pygal.style import Style

from stegvis.care.models import Enrollment, QuestionnaireResponse
from stegvis.care.services.program import document_of, questionnaire_title

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


@dataclass(frozen=True)
class Point:
    at: dt.datetime
    value: float | int
    band: str = ""


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    points: tuple[Point, ...]


def _language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def score_series(
    enrollment: Enrollment, responses: list[QuestionnaireResponse] | None = None
) -> list[Series]:
    """One series per questionnaire from completed responses with a total score.

    Pass `responses` already loaded to avoid a query; otherwise they are fetched.
    """
    if responses is None:
        responses = list(
            QuestionnaireResponse.objects.filter(
                enrollment=enrollment, completed_at__isnull=False
            ).order_by("completed_at", "pk")
        )
    language = _language()
    document = document_of(enrollment.release)
    grouped: dict[str, list[Point]] = {}
    for response in sorted(
        (r for r in responses if r.completed_at is not None), key=lambda r: (r.completed_at, r.pk)
    ):
        total = (response.score or {}).get("total")
        if total is None:
            continue
        band = (response.score or {}).get("band") or {}
        label = band.get("label") or {}
        grouped.setdefault(response.questionnaire_key, []).append(
            Point(at=response.completed_at, value=total, band=label.get(language, ""))
        )
    return [
        Series(key=key, title=questionnaire_title(document, key, language), points=tuple(points))
        for key, points in grouped.items()
    ]


def render_line_chart(
    series: list[Series], title: str, *, width: int = 800, height: int = 400
) -> str:
    """Render `series` as one SVG line chart over time (dates on the x axis).

    The SVG scales to its box; a small `width` (e.g. 420) keeps the text legible on a phone.
    """
    chart = pygal.DateTimeLine(
        style=_STYLE,
        title=title,
        width=width,
        height=height,
        js=(),
        disable_xml_declaration=True,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        dots_size=5,
        include_x_axis=True,  # the y axis starts at zero, so a change is not exaggerated
        x_label_rotation=20 if width >= 600 else 0,
        truncate_label=-1,
        x_value_formatter=lambda value: formats.date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATE_FORMAT"
        ),
    )
    for item in series:
        chart.add(item.title, [(p.at, p.value) for p in item.points])
    # Label a few of the measured dates only, so labels never overlap.
    dates = sorted({p.at for item in series for p in item.points})
    most = 5 if width >= 600 else 3
    if len(dates) > most:
        step = (len(dates) - 1) / (most - 1)
        dates = [dates[round(i * step)] for i in range(most)]
    chart.x_labels = dates
    # pygal embeds its config as a script even without interactivity; the chart needs none.
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def diary_series(entries, field_key: str, title: str) -> Series:
    """The number field `field_key` of diary entries over time (entries without it are left out)."""
    points = []
    for entry in sorted(entries, key=lambda e: (e.entry_date, e.created_at)):
        value = (entry.values or {}).get(field_key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        at = timezone.make_aware(dt.datetime.combine(entry.entry_date, dt.time(12)))
        points.append(Point(at=at, value=value))
    return Series(key=field_key, title=title, points=tuple(points))


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
