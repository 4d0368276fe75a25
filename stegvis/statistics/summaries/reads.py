"""The statistics pages' figures from the summaries: a few sums over rows per day.

`summary_tallies` gives exactly what `usage.historic_tallies` counts from the raw rows, and
`first_and_last` what `outcomes._first_and_last` reduces from every response (the equivalence
tests in tests/statistics/test_summaries.py hold them to it).
"""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Max,
    Q,
    Value,
    When,
)
from django.db.models.functions import Trunc

from stegvis.catalog.models import ProgramRelease
from stegvis.db_replica import from_replica, reading_connection
from stegvis.organisation.models import CareUnit
from stegvis.statistics.models_summaries import DAY_COUNTS as COUNTS
from stegvis.statistics.models_summaries import (
    OutcomeScore,
    UsageDay,
    UsageReply,
)
from stegvis.statistics.summaries.lateral import in_each_period, per_period
from stegvis.statistics.summaries.replies import median_hours
from stegvis.statistics.summaries.spans import MONTHS, WEEKS
from stegvis.statistics.usage_scope import UsageScope, band_births
from stegvis.statistics.usage_tables import Tally

_KEY = {"unit": "unit_id", "program": "release_id", "practitioner": "practitioner_id"}


def _key_column(scope: UsageScope) -> str | None:
    """The summaries' column the breakdown groups by (none for the whole provider)."""
    return _KEY.get(scope.breakdown)


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
    """`model`'s rows in `filters` as values of period (from `date`), key (if any) and `fields`."""
    named = {"period": Trunc(date, scope.group, output_field=DateField())}
    if scope.breakdown != "provider":
        named["key"] = F(_KEY[scope.breakdown])
    rows = model.objects.filter(_placed(scope), **filters).annotate(**named)
    return rows.values(*named, *fields).order_by()


def _in_period(scope: UsageScope) -> dict:
    """The whole period, as filters on a summary's day."""
    return {"day__gte": scope.date_from, "day__lte": scope.date_to}


# The roll-ups whose spans each lie inside one period of a grouping, longest first: a week
# inside a month is inside its quarter, but a month is never inside a week.
NESTED = {"week": (WEEKS,), "month": (MONTHS, WEEKS), "quarter": (MONTHS, WEEKS)}


def split_period(scope: UsageScope) -> list[tuple[type, str, dt.date, dt.date]]:
    """The scope's days as parts to read, each (model, date column, first, first after).

    Whole months from `UsageMonth`, then whole weeks of what is left from `UsageWeek`, then
    the rest from the days. Every row read lies inside one period of the grouping, so it falls
    into the right one; the parts do not overlap, so nothing is counted twice.
    """
    parts, left = [], [(scope.date_from, scope.date_to + dt.timedelta(days=1))]
    for span in NESTED[scope.group]:
        rest = []
        for first, until in left:
            start = span.start_of(first)
            start = start if start == first else span.next_after(start)
            end = span.start_of(until)  # the first span not wholly inside
            if start >= end:
                rest.append((first, until))
                continue
            parts.append((span.model, span.column, start, end))
            rest += [(a, b) for a, b in ((first, start), (end, until)) if a < b]
        left = rest
    return parts + [(UsageDay, "day", first, until) for first, until in left]


def _sums(scope: UsageScope) -> list[tuple]:
    """(period, key or None, *the counts' sums, enrollments with messages) per period and key.

    One query whatever the period: each part is one range of its (unit, date) covering index,
    and the parts' rows are summed together (UNION ALL in a subquery, which the ORM does not
    write), so an enrollment with messages in a whole month and at an edge counts once. On
    PostgreSQL each period is summed on its own (summaries/lateral.py); SQLite groups by period.
    """
    if connection.vendor == "postgresql":
        return _sums_per_period(scope)
    parts = [
        _grouped(
            model,
            scope,
            "enrollment_id",
            *COUNTS,
            date=column,
            **{f"{column}__gte": first, f"{column}__lt": until},
        )
        for model, column, first, until in split_period(scope)
    ]
    united = _united(parts)
    if united is None:
        return []
    sql, params = united
    keys = ['"period"'] + (['"key"'] if scope.breakdown != "provider" else [])
    grouped = ", ".join(keys)
    with reading_connection(UsageDay).cursor() as cursor:
        cursor.execute(
            f"SELECT {grouped}, {_SUMMED} FROM ({sql}) AS parts GROUP BY {grouped}", params
        )
        rows = cursor.fetchall()
    if scope.breakdown == "provider":
        rows = [(period, None, *rest) for period, *rest in rows]
    # Without the ORM's converters: see _as_date.
    return [(_as_date(period), key, *rest) for period, key, *rest in rows]


def _united(parts: list) -> tuple[str, tuple] | None:
    """The parts' rows as one `UNION ALL` (SQL and parameters), or None without any units."""
    try:
        return parts[0].union(*parts[1:], all=True).query.sql_with_params()
    except EmptyResultSet:  # no units at all: the ORM would have returned no rows
        return None


# The counts' sums and the enrollments with messages (counted once however many rows).
_SUMMED = ", ".join(
    [f'SUM("{name}") AS "{name}"' for name in COUNTS]
    + ['COUNT(DISTINCT CASE WHEN "messages" > 0 THEN "enrollment_id" END) AS "with_messages"']
)


def _sums_per_period(scope: UsageScope) -> list[tuple]:
    """What `_sums` gives, one aggregate per period (PostgreSQL)."""
    key = _key_column(scope)
    named = {"key": F(key)} if key else {}
    parts = [
        model.objects.filter(
            _placed(scope),
            in_each_period(column),
            **{f"{column}__gte": first, f"{column}__lt": until},
        )
        .values("enrollment_id", *COUNTS, **named)
        .order_by()
        for model, column, first, until in split_period(scope)
    ]
    united = _united(parts)
    if united is None:
        return []
    sql, params = united
    keyed = '"key", ' if key else ""
    grouped = ' GROUP BY "key"' if key else ""
    inner = f'SELECT {keyed}{_SUMMED}, COUNT(*) AS "n" FROM ({sql}) AS "parts"{grouped}'
    picked = ", ".join(
        ['"r"."key"' if key else "NULL"] + [f'"r"."{name}"' for name in COUNTS]
        + ['"r"."with_messages"']
    )  # fmt: skip
    return per_period(scope.group, scope.date_from, scope.date_to, (inner, params), picked)


def _as_date(value) -> dt.date:
    """The period's first day: PostgreSQL's date_trunc gives a timestamp, SQLite text."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@from_replica
def summary_tallies(scope: UsageScope) -> dict:
    """{(period start, breakdown id): Tally} for the scope's period, in three queries."""
    tallies: dict = defaultdict(Tally)
    for period, key, *sums, with_messages in _sums(scope):
        tally = tallies[(period, key)]
        for name, total in zip(COUNTS, sums, strict=True):
            if total:
                tally.counts[name] += total
        tally.enrollments_with_messages += with_messages
    closed = _grouped(
        UsageDay,
        scope,
        "days_in_treatment",
        days_in_treatment__isnull=False,
        **_in_period(scope),
    )
    # COUNT(*), not of the key: the key is in no index, so counting it read every row's table
    # page (an index scan instead of an index-only scan of the covering index).
    for row in closed.annotate(n=Count("*")):
        tallies[(row["period"], row.get("key"))].days[row["days_in_treatment"]] += row["n"]
    _add_reply_hours(scope, tallies)
    return tallies


def _add_reply_hours(scope: UsageScope, tallies: dict) -> None:
    """The median hours to the reply: in the database on PostgreSQL (a large provider's year
    has millions of replies, which took longer to fetch than to count; summaries/replies.py),
    else from the hours themselves."""
    if connection.vendor == "postgresql":
        key = _key_column(scope)
        found = median_hours(_placed(scope), scope.group, scope.date_from, scope.date_to, key)
        for period, key_id, middle, n in found:
            tally = tallies[(period, key_id)]
            tally.hours_median, tally.hours_cases = middle, n
        return
    period = _in_period(scope)
    for row in _grouped(UsageReply, scope, "hours", **period).annotate(n=Count("*")):
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
