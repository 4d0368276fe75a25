"""manage.py programs list | export RELEASE_ID FILE | import FILE --provider CODE."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from stegvis.catalog.files import MAX_ARCHIVE_BYTES, export_release, import_release_file
from stegvis.catalog.models import ProgramRelease
from stegvis.organisation.models import CareProvider


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Export a program release to a program file, or import a program file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write a release and its media to one file.")
        export.add_argument("release_id", type=int)
        export.add_argument("file")
        imp = sub.add_parser("import", help="Check a program file and release it for a provider.")
        imp.add_argument("file")
        imp.add_argument("--provider", required=True, help="The code of the importing provider.")
        sub.add_parser("list", help="List releases: id, owner, program key, version, name.")

    def handle(self, *args, action, **options):
        if action == "list":
            self._list()
        elif action == "export":
            self._export(options["release_id"], Path(options["file"]))
        else:
            self._import(Path(options["file"]), options["provider"])

    def _list(self) -> None:
        releases = ProgramRelease.objects.select_related("owner", "withdrawal").order_by(
            "owner__code", "program_key", "major", "minor"
        )
        for release in releases:
            withdrawn = " (withdrawn)" if release.withdrawn else ""
            self.stdout.write(
                f"{release.pk}\t{release.owner.code}\t{release.program_key}\t"
                f"{release.version}\t{release.name}{withdrawn}"
            )

    def _export(self, release_id: int, path: Path) -> None:
        release = ProgramRelease.objects.select_related("owner").filter(pk=release_id).first()
        if release is None:
            raise CommandError(f"There is no release with id {release_id}.")
        try:
            path.write_bytes(export_release(release))
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from None
        self.stdout.write(f"Exported {release} ({release.owner.code}) to {path}.")

    def _import(self, path: Path, provider_code: str) -> None:
        provider = CareProvider.objects.filter(code=provider_code, is_active=True).first()
        if provider is None:
            raise CommandError(f"There is no active provider with code {provider_code!r}.")
        try:
            if path.stat().st_size > MAX_ARCHIVE_BYTES:
                raise CommandError(f"Refused: {path} is larger than the limit.")
            with path.open("rb") as handle:
                release = import_release_file(actor=None, data=handle, provider=provider)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except ValidationError as error:
            raise CommandError(f"Refused: {_message(error)}") from None
        self.stdout.write(
            f"Imported {release} as release {release.pk} for {provider.code}"
            f" (from {release.imported_from})."
        )
