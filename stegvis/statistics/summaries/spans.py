"""The roll-ups of the day rows: weeks and months, and how a day falls into them."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from stegvis.statistics.models_summaries import UsageMonth, UsageWeek


def month_start(day: dt.date, months: int = 0) -> dt.date:
    """The first day of the day's month, or of the month `months` later."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's week, as `date_trunc('week', …)` and Django's `TruncWeek`."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Span:
    """A roll-up: its model, its date column and how its spans fall."""

    model: type
    column: str
    start_of: Callable[[dt.date], dt.date]  # the first day of the span holding a day
    next_after: Callable[[dt.date], dt.date]  # the first day of the span after one


WEEKS = Span(UsageWeek, "week", week_start, lambda start: start + dt.timedelta(days=7))
MONTHS = Span(UsageMonth, "month", month_start, lambda start: month_start(start, 1))
ROLLUPS = (WEEKS, MONTHS)


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the day's quarter."""
    return month_start(day, -((day.month - 1) % 3))


# A grouping's periods: (the first day of the period holding a day, the start of the next).
PERIODS = {
    "week": (week_start, WEEKS.next_after),
    "month": (month_start, MONTHS.next_after),
    "quarter": (quarter_start, lambda start: month_start(start, 3)),
}


def period_start(group: str, day: dt.date) -> dt.date:
    """The first day of the week, month or quarter holding `day` (what `Trunc` gives)."""
    return PERIODS[group][0](day)


def periods(group: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date, dt.date]]:
    """The periods of a grouping that meet [first, last]: (period start, first day in it, the
    day after its last day in it), oldest first; the outer ones cut at `first` and `last`."""
    if first > last:
        return []
    start_of, next_after = PERIODS[group]
    found, start, end = [], start_of(first), last + dt.timedelta(days=1)
    while start < end:
        after = next_after(start)
        found.append((start, max(start, first), min(after, end)))
        start = after
    return found
