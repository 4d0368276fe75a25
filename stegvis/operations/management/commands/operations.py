from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stegvis.operations import backups, retention


class Command(BaseCommand):
    help = (
        "Operate the installation (docs/operations.md). `operations backup --out DIR` backs up "
        "the database, media and access-log checkpoints with a manifest of checksums; "
        "`operations restore DIR` restores one into an empty database and empty folders."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("backup", help="Back up into a new directory.")
        where = out.add_mutually_exclusive_group(required=True)
        where.add_argument("--out", type=Path, help="A directory that does not exist.")
        where.add_argument(
            "--into",
            type=Path,
            help="A folder of backups: the backup goes into a new stegvis-<time> folder there.",
        )
        back = sub.add_parser("restore", help="Restore a backup into an empty database.")
        back.add_argument("source", type=Path, help="The backup's directory.")
        check = sub.add_parser("check-backup", help="Check a backup's checksums only.")
        check.add_argument("source", type=Path)
        keep = sub.add_parser(
            "retention", help="Delete closed enrollments past their retention period."
        )
        mode = keep.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        mode.add_argument("--apply", action="store_true", help="Delete what is due.")
        keep.add_argument(
            "--archive-access-log-to",
            type=Path,
            help="With --apply: also archive each provider's access events older than "
            "ACCESS_LOG_RETENTION_DAYS into this directory (`audit archive`).",
        )

    def handle(self, *args, action: str, **options):
        if action == "backup":
            into = options["into"]
            stamp = timezone.localtime().strftime("%Y%m%dT%H%M%S")
            self.backup(options["out"] or into / f"stegvis-{stamp}")
        elif action == "restore":
            self.restore(options["source"])
        elif action == "check-backup":
            self.check_backup(options["source"])
        elif action == "retention":
            self.retention(options["apply"], options["archive_access_log_to"])

    def backup(self, out: Path) -> None:
        try:
            manifest = backups.backup(out)
        except backups.BackupError as error:
            if out.exists() and not (out / backups.MANIFEST).exists():
                backups.remove_partial(out)
            raise CommandError(str(error)) from None
        total = sum(file["bytes"] for file in manifest["files"].values())
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Backed up {rows} rows and {len(manifest['files'])} files ({total} bytes) to {out}."
        )

    def restore(self, source: Path) -> None:
        try:
            differences = backups.restore(source)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        if differences:
            lines = [
                f"  {label}: {want} in the backup, {got} restored"
                for label, (want, got) in differences.items()
            ]
            raise CommandError("Restored, but row counts differ:\n" + "\n".join(lines))
        self.stdout.write(
            f"Restored {source}: every table's row count matches the backup. "
            "Run `manage.py audit verify` next."
        )

    def check_backup(self, source: Path) -> None:
        try:
            manifest = backups.read_manifest(source)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"The backup is intact: {len(manifest['files'])} files match.")

    def retention(self, apply: bool, archive_to: Path | None) -> None:
        if archive_to is not None and not apply:
            raise CommandError("--archive-access-log-to needs --apply.")
        report = retention.run(apply=apply)
        verb = "Deleted" if apply else "Would delete"
        self.stdout.write(f"{verb} {report.enrollments} closed enrollments past their period.")
        for label, count in sorted(report.rows.items()):
            if count:
                self.stdout.write(f"  {label}: {count}")
        if archive_to is not None:
            self.archive_access_log(archive_to)

    def archive_access_log(self, directory: Path) -> None:
        try:
            archived = retention.archive_access_log(directory)
        except retention.ArchiveError as error:
            raise CommandError(str(error)) from None
        for path, count in archived:
            self.stdout.write(f"Archived {count} access events to {path}.")
