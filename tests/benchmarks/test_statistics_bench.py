"""The statistics benchmark's parts run on the test world: every figure, a fixed query count."""

import datetime as dt

from benchmarks.statistics_bench import cases, measure
from stegvis.organisation.models import CareProvider


def test_every_part_of_the_statistics_pages_is_timed(world):
    provider = CareProvider.objects.order_by("pk").first()

    rows = [
        (scope, part, breakdown, measure(function, runs=1))
        for scope, _size, part, breakdown, function in cases(
            provider, "depressionshjalpen", dt.date(2026, 12, 4)
        )
    ]

    expected = []
    for scope, breakdowns in (
        ("provider", ("provider", "unit", "program")),
        ("busiest unit", ("provider", "practitioner")),
    ):
        for breakdown in breakdowns:
            expected += [(scope, part, breakdown) for part in ("now", "period", "period (live)")]
        expected += [(scope, f"period ({group})", "provider") for group in ("week", "quarter")]
        for part in ("outcomes", "outcomes (live)"):
            expected.append((scope, part, "depressionshjalpen"))
    assert [(scope, part, breakdown) for scope, part, breakdown, _ in rows] == expected
    for *_names, figures in rows:
        assert set(figures) == {"cold_ms", "ms", "sql_ms", "queries"} and figures["queries"] > 0
