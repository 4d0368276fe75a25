"""Score charts: pygal SVG rendered on the server, always shown with a table alternative.

Small API shared by the staff and citizen portals (drawn as every chart is, stegvis/charts.py):

- ``score_series(enrollment, responses=None) -> list[Series]``: completed, scored
  questionnaires of the enrollment, one series per questionnaire, oldest first, each with the
  instrument's full range and severity bands; EQ-5D-5L gives two series, its index and VAS.
- ``render_line_chart(series, title) -> str``: an SVG document (no scripts). One series with a
  range is drawn on that whole range (a PHQ-9 of 12 sits below the middle of 0–27, not at the
  top) over its severity bands: ``<rect class="band band-level-N">`` styled by the SVG's own
  stylesheet, since the SVG is shown through ``<img src="data:...">`` and the page's strict CSP
  allows no inline style.
- ``diary_series(entries, field_key, title) -> Series``: a diary's number field over time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment, QuestionnaireResponse
from stegvis.care.services.program import document_of
from stegvis.catalog.document import localised, reader_language
from stegvis.charts import common_options, render
from stegvis.instruments.definition import total_range

# The keys of the two EQ-5D-5L series: "<questionnaire>:index" and "<questionnaire>:vas".
INDEX, VAS = ":index", ":vas"
# Severity bands from calm to alarming; light enough for the line and its dots to stand out.
_BAND_CSS = (
    "inline:.band{stroke:none}"
    ".band-level-0{fill:#e6f2e8}.band-level-1{fill:#f7f1d6}.band-level-2{fill:#fbe6cf}"
    ".band-level-3{fill:#f8d8d2}.band-level-4{fill:#f2c6c6}"
    # The bands mark the limits; dashed lines across them would only add noise.
    ".axis.y .guides path{visibility:hidden}"
)
_Y_GUIDE = re.compile(
    r'<g class="guides"><path d="M0\.0+ ([0-9.]+) h[0-9.]+"[^>]*/>'
    r"<text[^>]*>([^<]*)</text>"
)
_PLOT = re.compile(
    r'(<g transform="translate\([^)]*\)" class="plot">'
    r'<rect x="0" y="0" width="([0-9.]+)" height="([0-9.]+)" class="background" />)'
)


@dataclass(frozen=True)
class Point:
    at: dt.datetime
    value: float | int
    band: str = ""  # the severity band's label, or another short note (an EQ-5D profile)


@dataclass(frozen=True)
class Band:
    lo: float
    hi: float
    level: int
    label: str


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    points: tuple[Point, ...]
    lo: float | None = None  # the instrument's full range, when known
    hi: float | None = None
    bands: tuple[Band, ...] = ()
    value_label: str = ""  # what a value is ("Total", "Index", "VAS"); the table's heading


def score_series(
    enrollment: Enrollment, responses: list[QuestionnaireResponse] | None = None
) -> list[Series]:
    """One series per questionnaire from completed responses with a total score.

    EQ-5D-5L, which has no total, gives two series: its index and its VAS. Pass `responses`
    already loaded to avoid a query; otherwise they are fetched.
    """
    if responses is None:
        responses = list(
            QuestionnaireResponse.objects.filter(
                enrollment=enrollment, completed_at__isnull=False
            ).order_by("completed_at", "pk")
        )
    language = reader_language()
    document = document_of(enrollment.release)
    grouped: dict[str, list[Point]] = {}
    for response in sorted(
        (r for r in responses if r.completed_at is not None), key=lambda r: (r.completed_at, r.pk)
    ):
        score = response.score or {}
        key = response.questionnaire_key
        if score.get("total") is not None:
            label = (score.get("band") or {}).get("label") or {}
            grouped.setdefault(key, []).append(
                Point(at=response.completed_at, value=score["total"], band=label.get(language, ""))
            )
            continue
        if score.get("index") is not None:
            profile = _("Profile %(profile)s") % {"profile": score.get("profile")}
            point = Point(at=response.completed_at, value=score["index"], band=profile)
            grouped.setdefault(f"{key}{INDEX}", []).append(point)
        if isinstance(score.get("vas"), int | float) and not isinstance(score["vas"], bool):
            grouped.setdefault(f"{key}{VAS}", []).append(
                Point(at=response.completed_at, value=score["vas"])
            )
    return [
        _series(enrollment.release, document, key, tuple(points), language)
        for key, points in grouped.items()
    ]


def _series(release, document, key: str, points: tuple[Point, ...], language: str) -> Series:
    """The series `key` with its instrument's range and bands (from the release's definition)."""
    base = key.removesuffix(INDEX).removesuffix(VAS)
    title = document.questionnaire_title(base, language)
    definition = (
        document.questionnaire_definition(base) if base in document.questionnaires else None
    )
    if key.endswith(INDEX):
        lowest = min([0.0, *(p.value for p in points)])
        return Series(
            key, _("%(title)s: index") % {"title": title}, points, lowest, 1.0, (), _("Index")
        )
    if key.endswith(VAS):
        vas = definition.item(definition.scoring.index.vas) if definition else None
        hi = vas.max if vas is not None and vas.max is not None else 100
        return Series(key, _("%(title)s: VAS") % {"title": title}, points, 0, hi, (), _("VAS"))
    found = total_range(definition) if definition else None
    if found is None:
        return Series(key, title, points, value_label=_("Total"))
    lo, hi = found
    total = definition.scoring.total
    bands = tuple(
        Band(b.min, b.max, b.level, localised(b.label, language))
        for b in sorted(total.bands, key=lambda b: b.min)
    )
    return Series(key, title, points, lo, hi, bands, _("Total"))


def render_line_chart(
    series: list[Series], title: str, *, width: int = 800, height: int = 400
) -> str:
    """Render `series` as one SVG line chart over time (dates on the x axis).

    One series with a known range is drawn on its instrument's whole range, over its severity
    bands. The SVG scales to its box; a small `width` (e.g. 420) keeps the text legible on a
    phone.
    """
    import pygal  # slow to import: loaded for the first chart (stegvis/charts.py)
    from pygal.config import Config

    scaled = series[0] if len(series) == 1 and series[0].hi is not None else None
    options = {}
    if scaled is not None:
        options["range"] = (scaled.lo, scaled.hi)
        # The axis names the band limits (the cut-offs clinicians read), and both ends.
        cuts = [b.lo for b in scaled.bands if scaled.lo < b.lo < scaled.hi]
        options["y_labels"] = [scaled.lo, *cuts, scaled.hi]
        options["css"] = [*Config.css.value, _BAND_CSS]
    else:
        options["include_x_axis"] = True  # the y axis starts at zero: no exaggerated change
    chart = pygal.DateTimeLine(
        **common_options(),
        title=title,
        width=width,
        height=height,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        dots_size=5,
        x_label_rotation=20 if width >= 600 else 0,
        margin_right=48,  # room for the last date label, which is centred on its point
        truncate_label=-1,
        x_value_formatter=_date_label,
        **options,
    )
    for item in series:
        chart.add(item.title, [(p.at, p.value) for p in item.points])
    chart.x_labels = date_labels(
        [p.at for item in series for p in item.points], 5 if width >= 600 else 3
    )
    svg = render(chart)
    return _draw_bands(svg, scaled) if scaled is not None and scaled.bands else svg


def _date_label(value: dt.datetime) -> str:
    return formats.date_format(
        timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATE_FORMAT"
    )


def date_labels(moments: list[dt.datetime], most: int) -> list[dt.datetime]:
    """At most `most` of the measured moments to label, one per day and spread out.

    Two results on the same day get one label, and labels closer than an even share of the
    time span are dropped (the last one is kept), so the dates never overlap.
    """
    per_day: dict[str, dt.datetime] = {}
    for moment in sorted(moments):
        per_day.setdefault(_date_label(moment), moment)
    days = list(per_day.values())
    if len(days) <= 1:
        return days
    gap = (days[-1] - days[0]) / max(most - 1, 1)
    kept = [days[0]]
    for moment in days[1:]:
        if moment - kept[-1] >= gap:
            kept.append(moment)
    if kept[-1] != days[-1]:
        kept[-1] = days[-1]  # still at least `gap` after the one before
    return kept


def _draw_bands(svg: str, series: Series) -> str:
    """Put one rectangle per severity band behind the lines, placed from the y axis guides."""
    plot = _PLOT.search(svg)
    guides = {}
    for y, label in _Y_GUIDE.findall(svg):
        try:
            guides[float(label.replace(",", ".").replace("\u2212", "-"))] = float(y)
        except ValueError:
            continue
    if plot is None or series.lo not in guides or series.hi not in guides:
        return svg
    width, y_lo, y_hi = plot.group(2), guides[series.lo], guides[series.hi]

    def y_of(value: float) -> float:
        return y_lo + (value - series.lo) / (series.hi - series.lo) * (y_hi - y_lo)

    rects = []
    for band in series.bands:
        # A band of whole scores, e.g. 5–9, covers 4.5 to 9.5 so that no score sits on an edge.
        top = y_of(min(band.hi + 0.5, series.hi))
        bottom = y_of(max(band.lo - 0.5, series.lo))
        rects.append(
            f'<rect x="0" y="{top:.2f}" width="{width}" height="{bottom - top:.2f}" '
            f'class="band band-level-{int(band.level)}"><title>{escape(band.label)}</title></rect>'
        )
    return svg.replace(plot.group(1), plot.group(1) + "".join(rects), 1)


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
