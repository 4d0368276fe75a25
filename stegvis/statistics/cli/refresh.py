"""`manage.py statistics refresh [--full]`: bring the statistics' summaries up to date.

Without --full, the enrollments touched since the last run (what the scheduler's task does);
with it, every enrollment, e.g. after loading data with old timestamps (the demo's history,
loadscale) or after a change to how the summaries are built.
"""

import time

from stegvis.statistics.summaries.refresh import refresh


def add_arguments(parser) -> None:
    parser.add_argument("--full", action="store_true", help="Rebuild every enrollment's rows.")


def run(options: dict, stdout) -> None:
    started = time.perf_counter()
    done = refresh(full=options["full"])
    stdout.write(
        f"{'Rebuilt' if done.full else 'Refreshed'} the summaries of {done.enrollments} "
        f"enrollments ({done.rows} rows) in {time.perf_counter() - started:.1f} s."
    )
