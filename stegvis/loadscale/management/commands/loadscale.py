"""`manage.py loadscale --enrollments N`: generate a region-shaped data set for measuring."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from stegvis.loadscale.context import Shape
from stegvis.loadscale.generate import Request, generate
from stegvis.loadscale.manifest import build_manifest, write_manifest
from stegvis.loadscale.writer import Tally


class Command(BaseCommand):
    help = (
        "Generate N enrollments with citizens, answers, questionnaires, messages, flags, history "
        "and sealed access events at generated units; deterministic by --seed, resumable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enrollments", type=int, required=True)
        parser.add_argument("--providers", type=int, default=2)
        parser.add_argument("--units", type=int, default=8, help="Units in all (≥ providers).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=1000, help="Enrollments per commit.")
        parser.add_argument("--answers-per-enrollment", type=float, default=15)
        parser.add_argument("--messages-per-enrollment", type=float, default=5)
        parser.add_argument("--events-per-enrollment", type=float, default=76)
        parser.add_argument(
            "--anchor", default="", help="'Today' of the data (YYYY-MM-DD; default today)."
        )
        parser.add_argument(
            "--manifest", default=str(Path(settings.BASE_DIR) / "var/loadscale/manifest.json")
        )
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--no-analyze",
            action="store_true",
            help="Leave the planner's statistics to autovacuum (ANALYZE runs by default).",
        )
        parser.add_argument(
            "--no-overlap",
            action="store_true",
            help="Write each batch before generating the next (PostgreSQL overlaps them).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.DEMO):
            raise CommandError(
                "loadscale makes accounts with a known password: run it with DEBUG=1 or "
                "STEGVIS_DEMO=1, never against a production database."
            )
        request = self._request(options)
        started = time.perf_counter()
        bar = tqdm(
            total=request.enrollments,
            unit="enr",
            disable=options["no_progress"],
            file=self.stderr._out,
        )

        def on_batch(count: int, tally: Tally | None) -> None:
            bar.update(count)
            if tally is not None:
                bar.set_postfix(rows=f"{tally.total:,}", refresh=False)

        run, context, region, tally = generate(request, on_batch=on_batch)
        bar.close()
        elapsed = time.perf_counter() - started
        if not options["no_analyze"]:
            self._analyze()
        manifest = build_manifest(run, context, region, request.enrollments)
        write_manifest(Path(options["manifest"]), manifest)
        self._report(tally, elapsed, options["manifest"])

    def _analyze(self) -> None:
        """Give the planner statistics of what was just written.

        Bulk COPY leaves the tables without statistics until autovacuum analyses them, and
        autovacuum may be off (this project's CI machines turn it off) or an hour away on a big
        load: PostgreSQL then plans Hantera's history from a guessed 1,705 rows an enrollment
        (27 real) and hash-joins every user (12 ms against 0.1 ms). Database-wide, so the
        partitioned log's parents are analysed too.
        """
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Analysed the tables for the planner in {time.perf_counter() - began:,.1f} s."
        )

    def _request(self, options) -> Request:
        import datetime as dt

        if options["enrollments"] < 1 or options["providers"] < 1:
            raise CommandError("--enrollments and --providers must be at least 1.")
        if options["units"] < options["providers"]:
            raise CommandError("Every provider needs a unit: --units must be ≥ --providers.")
        try:
            anchor = dt.date.fromisoformat(options["anchor"]) if options["anchor"] else None
        except ValueError:
            raise CommandError("--anchor is a date, YYYY-MM-DD.") from None
        return Request(
            enrollments=options["enrollments"],
            providers=options["providers"],
            units=options["units"],
            seed=options["seed"],
            batch_size=options["batch"],
            shape=Shape(
                options["answers_per_enrollment"],
                options["messages_per_enrollment"],
                options["events_per_enrollment"],
            ),
            anchor=anchor,
            overlap=not options["no_overlap"],
        )

    def _report(self, tally: Tally, elapsed: float, manifest: str) -> None:
        write = self.stdout.write
        write(f"{'table':<28}{'rows':>14}{'rows/s':>12}")
        for table, rows in sorted(tally.rows.items(), key=lambda item: -item[1]):
            seconds = tally.seconds[table] or 1e-9
            write(f"{table:<28}{rows:>14,}{rows / seconds:>12,.0f}")
        rate = tally.total / elapsed if elapsed else 0
        write(f"{'all (wall clock)':<28}{tally.total:>14,}{rate:>12,.0f}")
        write(f"Elapsed {elapsed:,.1f} s.")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
                write(f"Database size {cursor.fetchone()[0]}.")
        write(f"Manifest: {manifest}")
