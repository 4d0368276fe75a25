"""The periods a grouping cuts a scope into: what the per-period aggregates read."""

import datetime as dt

import pytest

from stegvis.statistics.summaries.spans import period_start, periods

D = dt.date


@pytest.mark.parametrize(
    ("group", "first", "last", "expected"),
    [
        # Cut at both ends: the first period starts on the scope's first day, the last ends
        # the day after its last.
        (
            "month",
            D(2025, 12, 7),
            D(2026, 2, 3),
            [
                (D(2025, 12, 1), D(2025, 12, 7), D(2026, 1, 1)),
                (D(2026, 1, 1), D(2026, 1, 1), D(2026, 2, 1)),
                (D(2026, 2, 1), D(2026, 2, 1), D(2026, 2, 4)),
            ],
        ),
        # Weeks start on Mondays, across a year's end.
        (
            "week",
            D(2025, 12, 27),
            D(2026, 1, 6),
            [
                (D(2025, 12, 22), D(2025, 12, 27), D(2025, 12, 29)),
                (D(2025, 12, 29), D(2025, 12, 29), D(2026, 1, 5)),
                (D(2026, 1, 5), D(2026, 1, 5), D(2026, 1, 7)),
            ],
        ),
        (
            "quarter",
            D(2025, 2, 13),
            D(2025, 7, 1),
            [
                (D(2025, 1, 1), D(2025, 2, 13), D(2025, 4, 1)),
                (D(2025, 4, 1), D(2025, 4, 1), D(2025, 7, 1)),
                (D(2025, 7, 1), D(2025, 7, 1), D(2025, 7, 2)),
            ],
        ),
        ("month", D(2025, 3, 5), D(2025, 3, 5), [(D(2025, 3, 1), D(2025, 3, 5), D(2025, 3, 6))]),
        ("month", D(2025, 3, 6), D(2025, 3, 5), []),
    ],
)
def test_a_scope_is_cut_into_its_groupings_periods(group, first, last, expected):
    assert periods(group, first, last) == expected


@pytest.mark.parametrize("group", ["week", "month", "quarter"])
def test_every_day_falls_in_the_period_that_truncating_it_gives(group):
    first, last = D(2024, 12, 20), D(2026, 1, 10)
    found = periods(group, first, last)
    day = first
    while day <= last:
        (start,) = [start for start, since, until in found if since <= day < until]
        assert start == period_start(group, day)
        day += dt.timedelta(days=1)
