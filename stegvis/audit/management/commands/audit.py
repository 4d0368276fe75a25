import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stegvis.audit import partitions
from stegvis.audit.services import archive, sealing, verification
from stegvis.organisation.models import CareProvider


class Command(BaseCommand):
    help = (
        "Work with the access log. `audit seal` links unsealed events into the keyed chains and "
        "signs checkpoints; `audit verify` checks every chain against the key and checkpoints."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="Check that no access event was changed, removed, cut off or forged."
        )
        seal = sub.add_parser("seal", help="Seal unsealed events now and checkpoint the heads.")
        seal.add_argument(
            "--checkpoint",
            action="store_true",
            help="Sign a fresh checkpoint of every chain's head, however recent the last one.",
        )

        out = sub.add_parser(
            "archive", help="Move a provider's sealed events older than a date to a file."
        )
        out.add_argument("--provider", required=True, help="The care provider's code.")
        out.add_argument("--before", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD")
        out.add_argument("--out", required=True, type=Path, help="A new file for the archive.")
        check = sub.add_parser("verify-archive", help="Verify an archive file with the key.")
        check.add_argument("file", type=Path)
        ahead = sub.add_parser(
            "partitions",
            help="PostgreSQL: make the access log's month partitions up to some months ahead "
            "and analyze the partitioned tables (run nightly as the tables' owner).",
        )
        ahead.add_argument("--months", type=int, default=partitions.AHEAD, choices=range(1, 121))

    def handle(self, *args, action: str, **options):
        if action == "verify":
            self.verify()
        elif action == "seal":
            self.seal(checkpoint=options["checkpoint"])
        elif action == "archive":
            self.archive(options["provider"], options["before"], options["out"])
        elif action == "verify-archive":
            self.verify_archive(options["file"])
        elif action == "partitions":
            self.partitions(options["months"])

    def partitions(self, months: int) -> None:
        if not partitions.is_partitioned():
            self.stdout.write("The access log is not partitioned here (PostgreSQL only).")
            return
        done = partitions.ensure_ahead(timezone.localdate(), months)
        partitions.analyze()
        self.stdout.write(
            f"Made {len(done.made)} month partitions; every month to "
            f"{partitions.ahead_of(timezone.localdate(), months):%Y-%m} has one"
            + (", except those below." if done.in_default or done.busy else ".")
            + " The partitioned tables' statistics are fresh."
        )
        problems = []
        if done.in_default:
            # Correct where they are, but a month in the default partition is never dropped.
            problems.append(
                "These months' events are in the default partition already, so they got none: "
                + ", ".join(f"{month:%Y-%m}" for month in done.in_default)
            )
        if done.busy:
            problems.append(
                f"The access log was busy (its lock not had within {partitions.LOCK_WAIT}); "
                "run again later for: " + ", ".join(f"{month:%Y-%m}" for month in done.busy)
            )
        if problems:
            raise CommandError("\n".join(problems))

    def archive(self, code: str, before: dt.date, out: Path) -> None:
        provider = CareProvider.objects.filter(code=code).first()
        if provider is None:
            raise CommandError(f"No care provider with the code {code!r}.")
        start_of_day = timezone.make_aware(dt.datetime.combine(before, dt.time()))
        try:
            count = archive.archive(provider, start_of_day, out)
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Archived {count} events of {code} to {out}.")

    def verify_archive(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        count, problems = archive.verify_file(path)
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"The archive is intact: {count} events verified.")

    def seal(self, *, checkpoint: bool) -> None:
        sealed = sealing.seal_pending()
        written = sealing.checkpoint_heads(older_than=dt.timedelta(0) if checkpoint else None)
        self.stdout.write(f"Sealed {sealed} events; wrote {written} extra checkpoints.")

    def verify(self) -> None:
        report = verification.verify_log()
        unsealed = f"{report.unsealed} events are not yet sealed."
        if not report.intact:
            # CommandError prints one message and no traceback, and exits with status 1.
            raise CommandError("\n".join([*report.problems, unsealed]))
        self.stdout.write(
            f"The access log is intact: {report.verified} events verified in {report.chains} "
            f"chains. {unsealed}"
        )
