"""Time the statistics pages' figures, part by part, on the database in DATABASE_URL.

The page-level figure (one request alone, and throughput under load) is `make bench-web`'s
"statistics (unit/provider)" and "outcomes (unit/provider)" rows. This tells where that time
goes: for the first provider (all its units) and its busiest unit, it times the *now* figures
(`current_usage`), the period's figures (`historic_usage`, the default twelve months by month,
from the summaries the page reads and, as "period (live)", counted from the raw rows) and the
outcomes of one program (`outcomes`, summaries and live), each breakdown the page offers, and
prints the median of the runs after a first (cold) one, the query count and the
time spent inside SQL.

    DATABASE_URL=postgres://…/stegvis_loadscale .venv/bin/python benchmarks/statistics_bench.py \
        [--runs 3] [--program depressionshjalpen] [--today 2026-12-04] [--json out.json] \
        [--without-live]

The targets (issue 15): *now* within 1 s and the period within 3 s on the national-volume data
set. Nothing is written to the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from stegvis.care.models import Enrollment  # noqa: E402
from stegvis.organisation.models import CareProvider, CareUnit  # noqa: E402
from stegvis.statistics.outcomes import Selection, outcomes  # noqa: E402
from stegvis.statistics.usage import current_usage, historic_tallies, historic_usage  # noqa: E402
from stegvis.statistics.usage_forms import default_period  # noqa: E402
from stegvis.statistics.usage_scope import UsageScope  # noqa: E402

# The summaries are what the page reads; the live figures are there to compare (issue 15).
TARGETS_MS = {
    "now": 1000,
    "period": 3000,
    "period (live)": 3000,
    "period (week)": 3000,
    "period (quarter)": 3000,
    "outcomes": 3000,
}
TARGETS_MS["outcomes (live)"] = 3000


def measure(function, runs: int) -> dict:
    """The first run's time, then the median of `runs` more: total, in SQL, and queries."""
    times, sql, queries = [], [], 0
    for _ in range(runs + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        queries = len(captured)
    return {
        "cold_ms": round(times[0]),
        "ms": round(median(times[1:])),
        "sql_ms": round(median(sql[1:])),
        "queries": queries,
    }


def cases(provider: CareProvider, program: str, today: dt.date):
    units = tuple(
        CareUnit.objects.filter(provider=provider).order_by("pk").values_list("pk", flat=True)
    )
    busiest = (
        Enrollment.objects.filter(unit__in=units)
        .values_list("unit", flat=True)
        .order_by("unit")
        .distinct()
    )
    counts = {u: Enrollment.objects.filter(unit=u).count() for u in busiest}
    top = max(counts, key=counts.get) if counts else units[0]
    first, last = default_period(today)
    for scope_name, ids, breakdowns in (
        ("provider", units, ("provider", "unit", "program")),
        ("busiest unit", (top,), ("provider", "practitioner")),
    ):
        size = sum(counts.get(u, 0) for u in ids)
        for breakdown in breakdowns:
            scope = UsageScope(ids, first, last, breakdown=breakdown)
            yield scope_name, size, "now", breakdown, lambda s=scope: current_usage(s)
            # What the page reads (the summaries), then the live count they are held to.
            yield scope_name, size, "period", breakdown, lambda s=scope: historic_usage(s)
            yield (
                scope_name,
                size,
                "period (live)",
                breakdown,
                lambda s=scope: historic_usage(s, historic_tallies(s)),
            )
        # The other groupings: quarters read months and weeks as months do, weeks read weeks.
        for group in ("week", "quarter"):
            scope = UsageScope(ids, first, last, group=group)
            yield (
                scope_name,
                size,
                f"period ({group})",
                "provider",
                lambda s=scope: historic_usage(s),
            )
        selection = Selection(provider=provider, program_key=program, unit_ids=ids)
        for part, live in (("outcomes", False), ("outcomes (live)", True)):
            yield (
                scope_name,
                size,
                part,
                program,
                lambda s=selection, live=live: outcomes(s, by_unit=len(s.unit_ids) > 1, live=live),
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--program", default="depressionshjalpen")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--without-live",
        action="store_true",
        help="Only what the pages read: leave out the live counts (minutes at 600,000).",
    )
    args = parser.parse_args()
    provider = CareProvider.objects.order_by("pk").first()
    if provider is None:
        raise SystemExit("No provider in this database: run manage.py loadscale first.")
    print(
        f"{'scope':14} {'enrollments':>11} {'figures':17} {'breakdown':18} "
        f"{'cold ms':>8} {'ms':>7} {'SQL ms':>7} {'queries':>7}  target"
    )
    results = []
    for scope, size, part, breakdown, function in cases(provider, args.program, args.today):
        if args.without_live and part.endswith("(live)"):
            continue
        row = {"scope": scope, "enrollments": size, "figures": part, "breakdown": breakdown}
        row |= measure(function, args.runs)
        row["within_target"] = row["ms"] <= TARGETS_MS[part]
        results.append(row)
        print(
            f"{scope:14} {size:>11,} {part:17} {breakdown:18} {row['cold_ms']:>8} {row['ms']:>7} "
            f"{row['sql_ms']:>7} {row['queries']:>7}  "
            f"{'ok' if row['within_target'] else 'over'} ({TARGETS_MS[part]} ms)",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps({"today": str(args.today), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
