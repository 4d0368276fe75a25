"""The median hours to the team's reply per period, from the reply rows (PostgreSQL).

A large provider's year is millions of replies (5.0 M at 600,000 enrollments with 33 messages
each) and a median needs every one in order: grouped by period in one aggregate, PostgreSQL
sorted them all by period and then each period again by hours (2.3 s). One aggregate per
period (summaries/lateral.py) sorts each period's replies once, by hours (1.1 s).
"""

import datetime as dt

from django.core.exceptions import EmptyResultSet
from django.db.models import Aggregate, Count, F, FloatField, Q, Value

from stegvis.statistics.models_summaries import UsageReply
from stegvis.statistics.summaries.lateral import in_each_period, per_period


class Median(Aggregate):
    """PostgreSQL's median: the middle value, or the mean of the two middle values."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_hours(
    placed: Q, group: str, first: dt.date, last: dt.date, key: str | None
) -> list[tuple[dt.date, int | None, float, int]]:
    """(period start, key or None, median hours, replies) of every period with replies.

    `placed` filters the rows (units, program, age band, sex); `key` is the breakdown's column.
    """
    rows = UsageReply.objects.filter(placed, in_each_period("day"))
    # Without a key, one aggregate over the period's range (no GROUP BY: a constant groups none).
    rows = rows.values(key=F(key)) if key else rows.values(whole=Value(1))
    rows = rows.annotate(n=Count("*"), middle=Median("hours")).order_by()
    try:
        inner = rows.query.sql_with_params()
    except EmptyResultSet:  # no units at all
        return []
    picked = '"r"."key"' if key else "NULL"
    return per_period(group, first, last, inner, f'{picked}, "r"."middle", "r"."n"')
