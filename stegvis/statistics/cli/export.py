"""`manage.py statistics export`: a pseudonymised research export written into a directory.

An operator's command has no signed-in user: the export and its access events are recorded
with no actor (the system), and the record names the operating-system account that ran it.
The key is printed once; Stegvis does not keep it.
"""

import getpass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from stegvis.organisation.models import CareProvider
from stegvis.statistics.research.archive import write_files
from stegvis.statistics.research.services import ExportRequest, create_research_export


def add_arguments(parser) -> None:
    parser.add_argument("--provider", required=True, help="The care provider's code.")
    parser.add_argument("--program", required=True, help="The program's key.")
    parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
    parser.add_argument("--out", required=True, help="An empty (or new) directory.")
    parser.add_argument("--reason", default="", help="Why the data is exported (required).")
    parser.add_argument(
        "--free-text-reason",
        default="",
        help="Include free-text answers, for this reason.",
    )


def _error(swedish: str, english: str) -> CommandError:
    """Operators read Swedish or English: a command's own errors say both."""
    return CommandError(f"{swedish} / {english}")


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _error(
            f"{option} ska vara ett datum som ÅÅÅÅ-MM-DD, inte {value!r}.",
            f"{option} must be a date as YYYY-MM-DD, not {value!r}.",
        ) from None


def _directory(value: str) -> Path:
    path = Path(value)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise _error(
            f"--out ska vara en tom eller ny katalog: {value}",
            f"--out must be an empty or new directory: {value}",
        )
    return path


def run(options: dict, stdout) -> None:
    provider = CareProvider.objects.filter(code=options["provider"]).first()
    if provider is None:
        code = options["provider"]
        raise _error(
            f"Ingen vårdgivare har koden {code!r}.", f"No care provider has the code {code!r}."
        )
    reason = options["reason"].strip()
    if not reason:
        raise _error(
            "--reason krävs: ange varför datat tas ut.",
            "--reason is required: say why the data is exported.",
        )
    free_text_reason = options["free_text_reason"].strip()
    request = ExportRequest(
        provider=provider,
        program_key=options["program"],
        date_from=_date(options["date_from"], "--from"),
        date_to=_date(options["date_to"], "--to"),
        reason=reason,
        include_free_text=bool(free_text_reason),
        free_text_reason=free_text_reason,
    )
    out = _directory(options["out"])
    try:
        export, key = create_research_export(
            actor=None, request=request, operator=getpass.getuser()
        )
    except ValidationError as error:
        # The service's messages, in the active language (Swedish by default).
        raise CommandError(" ".join(error.messages)) from None
    out.mkdir(parents=True, exist_ok=True)
    for path in write_files(export, key, out):
        stdout.write(f"Wrote {path}")
    stdout.write(
        f"Research export {export.pk}: {export.enrollment_count} enrollments, "
        f"{export.citizen_count} citizens, {export.response_count} responses."
    )
    stdout.write(f"Key (shown once; Stegvis does not keep it): {key}")
    stdout.write(
        "Keep the key apart from the files and do not give it to the recipients: with it the "
        f"care provider can re-identify the pseudonyms. Its fingerprint: {export.key_fingerprint}"
    )
