"""Measure the research export's ZIP streaming: peak memory and speed for N rows.

The rows are synthetic (shaped like enrollments.csv), so this measures the streaming itself:
CSV writing, DEFLATE and the ZIP sink. The database side reads with `.iterator(chunk_size=2000)`
and so adds one chunk of rows at a time, whatever N is.

    .venv/bin/python benchmarks/research_export_bench.py [--rows 1000000]

Prints the ZIP's size, the peak of Python allocations (tracemalloc) and the process's maximum
resident size. Exits 1 if the traced peak exceeds 8 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from stegvis.statistics.research.archive import csv_text, zip_chunks  # noqa: E402

LIMIT = 8 * 1024 * 1024
HEADER = ["enrollment", "citizen", "unit_hsa_id", "program", "days_in_treatment", "age_band"]


def rows(n: int):
    for i in range(n):
        yield [f"e-{i:016d}", f"p-{i:016d}", "SE2321000065-U0001", "depression", i % 97, "35-44"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    n = parser.parse_args().rows
    files = [("enrollments.csv", lambda: csv_text(HEADER, rows(n)))]
    tracemalloc.start()
    started = time.perf_counter()
    size = 0
    for chunk in zip_chunks(files, prefix="bench"):
        size += len(chunk)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"rows: {n:,}  zip: {size / 1e6:.1f} MB  time: {seconds:.1f} s")
    print(f"traced peak: {peak / 1e6:.2f} MB  max RSS: {max_rss_kb / 1e3:.0f} MB")
    return 0 if peak <= LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
