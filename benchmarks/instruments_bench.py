"""Measure how many responses a second the instrument engine validates and scores.

Runs on one core (pinned when the OS allows it), pure Python, no database. Each figure is
the best of several rounds over 10,000 random, valid responses; a round calls
``score(definition, answers)``, which checks every answer against the definition and then
computes the total, band, alerts and (for EQ-5D-5L) the index.

    .venv/bin/python benchmarks/instruments_bench.py [--rounds 10] [--json]

Exits 1 if any figure is below the target of 50,000 responses a second.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stegvis.instruments.library import builtin
from stegvis.instruments.responses import check_answers
from stegvis.instruments.scoring import score

TARGET = 50_000
N = 10_000


def phq_like(n_items: int, top: int, rnd: random.Random) -> list[dict[str, str]]:
    return [{str(i): str(rnd.randint(0, top)) for i in range(1, n_items + 1)} for _ in range(N)]


def eq5d(rnd: random.Random) -> list[dict]:
    return [
        {d: str(rnd.randint(1, 5)) for d in ("MO", "SC", "UA", "PD", "AD")}
        | {"VAS": rnd.randint(0, 100)}
        for _ in range(N)
    ]


def rate(func, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return N / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rnd = random.Random(2026)
    cases = [
        ("PHQ-9", builtin("phq9"), phq_like(9, 3, rnd), None),
        ("GAD-7", builtin("gad7"), phq_like(7, 3, rnd), None),
        ("MADRS-S", builtin("madrs-s"), phq_like(9, 6, rnd), None),
        ("EQ-5D-5L (sweden-2022)", builtin("eq5d5l"), eq5d(rnd), "sweden-2022"),
        ("EQ-5D-5L (sweden-2020)", builtin("eq5d5l"), eq5d(rnd), "sweden-2020"),
    ]
    rows = []
    for name, definition, answers, value_set in cases:
        score(definition, answers[0], value_set=value_set)  # compile once, outside the clock

        def validate_only(d=definition, aa=answers):
            for a in aa:
                check_answers(d, a, complete=True)

        def validate_and_score(d=definition, aa=answers, vs=value_set):
            for a in aa:
                score(d, a, value_set=vs)

        rows.append(
            {
                "instrument": name,
                "validated_per_s": round(rate(validate_only, args.rounds)),
                "validated_and_scored_per_s": round(rate(validate_and_score, args.rounds)),
            }
        )
    ok = all(r["validated_and_scored_per_s"] >= TARGET for r in rows)
    if args.json:
        print(json.dumps({"python": platform.python_version(), "rows": rows, "ok": ok}))
    else:
        print(
            f"Python {platform.python_version()} on {platform.machine()}, one core, "
            f"best of {args.rounds} rounds of {N:,} responses\n"
        )
        print(f"{'instrument':<26}{'validated/s':>14}{'validated+scored/s':>22}")
        for r in rows:
            print(
                f"{r['instrument']:<26}{r['validated_per_s']:>14,}"
                f"{r['validated_and_scored_per_s']:>22,}"
            )
        print(f"\ntarget {TARGET:,}/s: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
