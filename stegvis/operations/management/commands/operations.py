from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from stegvis.operations import backups, encryption, periods, retention
from stegvis.operations.models import MAX_DAYS
from stegvis.operations.periods import Kind
from stegvis.operations.services import set_retention_period
from stegvis.organisation.models import CareProvider

# What a backup, restore or check refuses with: the message is for the operator.
REFUSED = (backups.BackupError, encryption.EncryptionError)


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
        out.add_argument(
            "--unencrypted",
            action="store_true",
            help="Write the backup without encryption (development only; by default a backup "
            "without BACKUP_GPG_RECIPIENT_FILE or BACKUP_PASSPHRASE_FILE is refused).",
        )
        back = sub.add_parser("restore", help="Restore a backup into an empty database.")
        back.add_argument("source", type=Path, help="The backup's directory.")
        check = sub.add_parser(
            "check-backup",
            help="Check a backup's checksums and that it decrypts with the configured key.",
        )
        check.add_argument("source", type=Path)
        check.add_argument(
            "--checksums-only",
            action="store_true",
            help="Check the stored files' checksums only, without the key (e.g. after a copy).",
        )
        keep = sub.add_parser(
            "retention", help="Delete closed enrollments past their retention period."
        )
        mode = keep.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        mode.add_argument("--apply", action="store_true", help="Delete what is due.")
        keep.add_argument(
            "--archive-access-log-to",
            type=Path,
            help="With --apply: also archive each provider's access events older than its "
            "period (ACCESS_LOG_RETENTION_DAYS by default) into this directory (`audit archive`).",
        )
        period = sub.add_parser(
            "retention-period",
            help="Show a provider's retention periods, or set one kind's (--kind, --days).",
        )
        period.add_argument("--provider", required=True, help="The care provider's code.")
        period.add_argument("--kind", choices=Kind.values, help="The kind of data to set.")
        value = period.add_mutually_exclusive_group()
        value.add_argument("--days", type=int, help="Keep this kind this many days.")
        value.add_argument(
            "--default", action="store_true", help="Go back to the installation's default."
        )

    def handle(self, *args, action: str, **options):
        if action == "backup":
            into = options["into"]
            stamp = timezone.localtime().strftime("%Y%m%dT%H%M%S")
            self.backup(options["out"] or into / f"stegvis-{stamp}", options["unencrypted"])
        elif action == "restore":
            self.restore(options["source"])
        elif action == "check-backup":
            self.check_backup(options["source"], options["checksums_only"])
        elif action == "retention":
            self.retention(options["apply"], options["archive_access_log_to"])
        elif action == "retention-period":
            self.retention_period(options)

    def backup(self, out: Path, unencrypted: bool) -> None:
        try:
            manifest = backups.backup(out, encrypt=not unencrypted)
        except REFUSED as error:
            raise CommandError(str(error)) from None
        total = sum(file["bytes"] for file in manifest["files"].values())
        rows = sum(manifest["row_counts"].values())
        how = f"encrypted ({manifest['encryption']})" if manifest["encryption"] else "UNENCRYPTED"
        self.stdout.write(
            f"Backed up {rows} rows and {len(manifest['files'])} files ({total} bytes, {how}) "
            f"to {out}."
        )

    def restore(self, source: Path) -> None:
        try:
            differences = backups.restore(source)
        except REFUSED as error:
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

    def check_backup(self, source: Path, checksums_only: bool) -> None:
        try:
            manifest = backups.check(source, decrypt=not checksums_only)
        except REFUSED as error:
            raise CommandError(str(error)) from None
        decrypted = manifest.get("encryption") and not checksums_only
        self.stdout.write(
            f"The backup is intact: {len(manifest['files'])} files match"
            + (", and each decrypts with the configured key." if decrypted else ".")
        )

    def retention(self, apply: bool, archive_to: Path | None) -> None:
        if archive_to is not None and not apply:
            raise CommandError("--archive-access-log-to needs --apply.")
        report = retention.run(apply=apply)
        verb = "Deleted" if apply else "Would delete"
        self.stdout.write(f"{verb} {report.enrollments} closed enrollments past their period.")
        self.stdout.write("Per kind of data:")
        for kind in (Kind.CLOSED_ENROLLMENTS, Kind.ATTACHMENTS, Kind.NOTIFICATIONS):
            self.stdout.write(f"  {kind.value}: {report.kinds[kind]}")
        access = retention.due_access_events()
        archived = "archived" if archive_to is not None else "due for archiving"
        self.stdout.write(f"  access_events ({archived}): {sum(access.values())}")
        codes = dict(CareProvider.objects.values_list("pk", "code"))
        for (provider_id, kind), count in sorted(report.by_provider.items()):
            self.stdout.write(f"  {codes[provider_id]} {kind}: {count}")
        for provider_id, count in sorted(access.items()):
            self.stdout.write(f"  {codes[provider_id]} access_events: {count}")
        self.stdout.write("Rows:")
        for label, count in sorted(report.rows.items()):
            if count:
                self.stdout.write(f"  {label}: {count}")
        if archive_to is not None:
            self.archive_access_log(archive_to)

    def retention_period(self, options: dict) -> None:
        # The operator's command speaks English, also the legal sources (translated for the page).
        with translation.override("en"):
            self._retention_period(options)

    def _retention_period(self, options: dict) -> None:
        provider = CareProvider.objects.filter(code=options["provider"]).first()
        if provider is None:
            raise CommandError(f"No care provider has the code {options['provider']!r}.")
        if options["days"] is not None or options["default"]:
            if not options["kind"]:
                raise CommandError("--days and --default need --kind.")
            days = None if options["default"] else options["days"]
            if days is not None and not 1 <= days <= MAX_DAYS:
                raise CommandError(f"--days must be between 1 and {MAX_DAYS}.")
            try:
                set_retention_period(actor=None, provider=provider, kind=options["kind"], days=days)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        own = dict(provider.retention_periods.values_list("kind", "days"))
        for kind in Kind:
            default = periods.DEFAULTS[kind]
            if kind.value in own:
                days, whence = own[kind.value], "the provider's own"
            else:
                days, whence = periods.installation_days(kind), "the default"
            self.stdout.write(
                f"{kind.value}: {days} days from {default.counted_from} ({whence}; "
                f"default {default.days}). {default.source}"
            )

    def archive_access_log(self, directory: Path) -> None:
        try:
            archived = retention.archive_access_log(directory)
        except retention.ArchiveError as error:
            raise CommandError(str(error)) from None
        for path, count in archived:
            self.stdout.write(f"Archived {count} access events to {path}.")
