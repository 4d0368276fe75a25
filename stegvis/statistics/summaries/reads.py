"""The statistics pages' figures from the summaries: a few sums over rows per day.

`summary_tallies` gives exactly what `usage.historic_tallies` counts from the raw rows, and
`first_and_last` what `outcomes._first_and_last` reduces from every response (the equivalence
tests in tests/statistics/test_summaries.py hold them to it).
"""

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Max,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Trunc

from stegvis.catalog.models import ProgramRelease
from stegvis.organisation.models import CareUnit
from stegvis.statistics.models_summaries import DAY_COUNTS as COUNTS
from stegvis.statistics.models_summaries import OutcomeScore, UsageDay, UsageMonth, UsageReply
from stegvis.statistics.usage_scope import UsageScope, band_births
from stegvis.statistics.usage_tables import Tally

_KEY = {"unit": "unit_id", "program": "release_id", "practitioner": "practitioner_id"}


def _placed(scope: UsageScope) -> Q:
    """The scope's units, program, age band and sex, in any summary's columns."""
    q = Q(unit_id__in=scope.unit_ids)
    if scope.program_key:
        q &= Q(program_key=scope.program_key)
    if scope.age_band:
        earliest, latest = band_births(scope)
        q &= Q(birth__gte=earliest, birth__lte=latest)
    if scope.sex:
        q &= Q(sex="m" if scope.sex == "male" else "f")
    return q


def _grouped(model, scope: UsageScope, *fields: str, date: str = "day", **filters):
    """`model`'s rows in `filters` as values of period, key (if any) and `fields`."""
    named = {"period": Trunc(date, scope.group, output_field=DateField())}
    if scope.breakdown != "provider":
        named["key"] = F(_KEY[scope.breakdown])
    rows = model.objects.filter(_placed(scope), **filters).annotate(**named)
    return rows.values(*named, *fields).order_by()


def _in_period(scope: UsageScope) -> dict:
    """The whole period, as filters on a summary's day."""
    return {"day__gte": scope.date_from, "day__lte": scope.date_to}


def _month_start(day: dt.date, months: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def split_period(scope: UsageScope) -> tuple[tuple[dt.date, dt.date], list[tuple]]:
    """The scope's whole months to read from `UsageMonth`, and its edges to read from days.

    Whole months are those of the periods (months or quarters) that lie entirely inside the
    scope, as (first month, last month), empty when first > last; every other day is in an
    edge, as (first day, last day). A period is read from one table or the other, never
    both, so an enrollment with messages in two of its months is counted once. Weeks do not
    fall on months: they read the days only.
    """
    none = (dt.date.max, dt.date.min)
    if scope.group == "week":
        return none, [(scope.date_from, scope.date_to)]
    size = {"month": 1, "quarter": 3}[scope.group]
    first = _month_start(scope.date_from)
    first = _month_start(first, -((first.month - 1) % size))
    if first < scope.date_from:
        first = _month_start(first, size)
    after = _month_start(scope.date_to, 1)  # the month after the last day's
    after = _month_start(after, -((after.month - 1) % size))
    if after > scope.date_to + dt.timedelta(days=1):
        after = _month_start(after, -size)
    if first >= after:
        return none, [(scope.date_from, scope.date_to)]
    edges = [(scope.date_from, first - dt.timedelta(days=1)), (after, scope.date_to)]
    return (first, _month_start(after, -1)), [(a, b) for a, b in edges if a <= b]


def _sums(scope: UsageScope):
    """The day counts per period and key: whole months from months, the edges from days.

    Each read is one range of the (unit, day or month) covering index; the parts are one
    query (UNION ALL), so the count of queries does not depend on the period.
    """
    counts = {f"sum_{name}": Sum(name) for name in COUNTS}
    with_messages = Count("enrollment", distinct=True, filter=Q(messages__gt=0))
    months, edges = split_period(scope)
    parts = [_grouped(UsageMonth, scope, date="month", month__gte=months[0], month__lte=months[1])]
    for first, last in edges:
        parts.append(_grouped(UsageDay, scope, day__gte=first, day__lte=last))
    parts = [part.annotate(**counts, with_messages=with_messages) for part in parts]
    return parts[0].union(*parts[1:], all=True)


def summary_tallies(scope: UsageScope) -> dict:
    """{(period start, breakdown id): Tally} for the scope's period, in three queries."""
    tallies: dict = defaultdict(Tally)
    for row in _sums(scope):
        tally = tallies[(row["period"], row.get("key"))]
        for name in COUNTS:
            if row[f"sum_{name}"]:
                tally.counts[name] += row[f"sum_{name}"]
        tally.enrollments_with_messages += row["with_messages"]
    closed = _grouped(
        UsageDay,
        scope,
        "days_in_treatment",
        days_in_treatment__isnull=False,
        **_in_period(scope),
    )
    for row in closed.annotate(n=Count("pk")):
        tallies[(row["period"], row.get("key"))].days[row["days_in_treatment"]] += row["n"]
    _add_reply_hours(scope, tallies)
    return tallies


class Median(Aggregate):
    """PostgreSQL's median: the middle value, or the mean of the two middle values."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _add_reply_hours(scope: UsageScope, tallies: dict) -> None:
    """The median hours to the reply: in the database on PostgreSQL (a large provider's year
    has hundreds of thousands of replies, which took longer to fetch than to count), else from
    the hours themselves."""
    period = _in_period(scope)
    if connection.vendor == "postgresql":
        rows = _grouped(UsageReply, scope, **period).annotate(n=Count("pk"), middle=Median("hours"))
        for row in rows:
            tally = tallies[(row["period"], row.get("key"))]
            tally.hours_median, tally.hours_cases = row["middle"], row["n"]
        return
    for row in _grouped(UsageReply, scope, "hours", **period).annotate(n=Count("pk")):
        tallies[(row["period"], row.get("key"))].hours.extend([row["hours"]] * row["n"])


def first_and_last(selection) -> tuple[dict, dict]:
    """{(instrument, measure): [[first, last, responses, unit], ...]}, {instrument: release}.

    `selection` is an outcomes.Selection. One query, grouped in the database by what the
    figures use (unit, first, last, and whether there was more than one response): a large
    provider's 435,000 enrollments are a few thousand groups, each expanded to as many
    references to one row, so Python never fetches the rows one by one (2.8 s before).
    """
    rows = OutcomeScore.objects.filter(
        program_key=selection.program_key,
        unit_id__in=CareUnit.objects.filter(
            provider=selection.provider, pk__in=selection.unit_ids
        ).values("pk"),
    )
    if selection.version:
        major, minor = selection.version
        rows = rows.filter(
            release_id__in=ProgramRelease.objects.filter(
                program_key=selection.program_key, major=major, minor=minor
            ).values("pk")
        )
    if selection.started_from:
        rows = rows.filter(start_date__gte=selection.started_from)
    if selection.started_to:
        rows = rows.filter(start_date__lte=selection.started_to)
    if selection.instrument:
        rows = rows.filter(questionnaire_key=selection.instrument)
    # 2 stands for "more than one response" (a pair), 1 for one: all the figures ask.
    responses = Case(When(count__gt=1, then=Value(2)), default=Value(1))
    groups = (
        rows.annotate(responses=responses)
        .values("questionnaire_key", "measure", "unit_id", "first", "latest", "responses")
        .annotate(n=Count("pk"), release=Max("release_id"))
        .order_by("questionnaire_key", "measure", "unit_id", "first", "latest", "responses")
        .values_list(
            "questionnaire_key", "measure", "unit_id", "first", "latest", "responses", "n",
            "release",
        )
    )  # fmt: skip
    found: dict[tuple[str, str], list[list]] = {}
    releases: dict[str, int] = {}
    for key, measure, unit_id, first, latest, responses_, n, release_id in groups:
        if not measure:
            releases[key] = max(releases.get(key, 0), release_id)
            continue
        found.setdefault((key, measure), []).extend([[first, latest, responses_, unit_id]] * n)
    return found, releases
