"""The shape usage statistics are published in: labelled rows of suppressed cells."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from stegvis.catalog.models import ProgramRelease
from stegvis.organisation.models import CareUnit, User
from stegvis.statistics.usage_scope import UsageScope, shown, shown_figure


@dataclass
class Tally:
    """The raw figures of one row (a period and a unit, program or practitioner)."""

    counts: Counter = field(default_factory=Counter)
    # Histograms for medians: days in treatment, hours to the team's reply.
    days: Counter = field(default_factory=Counter)
    hours: list[float] = field(default_factory=list)
    enrollments_with_messages: int = 0
    # Or the median hours and how many, when the database computed them (summaries/reads.py).
    hours_median: float | None = None
    hours_cases: int = 0

    def hours_figure(self) -> tuple[float | None, int]:
        """The median hours to the team's reply and the number of replies it is taken from."""
        if self.hours_cases:
            return self.hours_median, self.hours_cases
        return median(Counter(self.hours)), len(self.hours)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # "count", or a figure: "median_days", "median_hours", "per_enrollment"


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list]  # cells as published: numbers, "< 5", or "" (nothing to compute from)


def median(histogram: Counter) -> float | None:
    """The median of values counted in `histogram` ({value: how many})."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(histogram):
        seen += histogram[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    return (found[0] + found[1]) / 2


def cell(column: Column, tally: Tally):
    """One published cell: counts suppressed at 1-4, figures from 1-4 cases likewise."""
    if column.kind == "count":
        return shown(tally.counts[column.key])
    if column.kind == "median_days":
        value = median(tally.days)
        return shown_figure(value, sum(tally.days.values()))
    if column.kind == "median_hours":
        value, cases = tally.hours_figure()
        return shown_figure(None if value is None else round(value, 1), cases)
    cases = tally.enrollments_with_messages
    ratio = round(tally.counts["messages"] / cases, 1) if cases else None
    return shown_figure(ratio, cases)


def breakdown_labels(scope: UsageScope, keys) -> dict:
    """Names for the breakdown's ids, in one query (none for the whole provider)."""
    ids = [k for k in keys if k is not None]
    if scope.breakdown == "provider":
        return {None: _("All units")}
    labels: dict = {None: _("No responsible practitioner")}
    if scope.breakdown == "unit":
        labels.update(CareUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    elif scope.breakdown == "program":
        for pk, name, major, minor in ProgramRelease.objects.filter(pk__in=ids).values_list(
            "pk", "name", "major", "minor"
        ):
            labels[pk] = f"{name} {major}.{minor}"
    else:
        for pk, first, last in User.objects.filter(pk__in=ids).values_list(
            "pk", "first_name", "last_name"
        ):
            labels[pk] = f"{first} {last}".strip()
    return labels


def period_label(start: dt.date, group: str) -> str:
    if group == "week":
        year, week, _day = start.isocalendar()
        return f"{year}-V{week:02d}"
    if group == "quarter":
        return f"{start.year} K{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"
