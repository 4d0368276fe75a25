"""Reading a region's export from the HSA catalogue: one row per care assignment.

The accepted format (docs/onboarding.md): UTF-8 with or without a byte-order mark, `;` or `,`
between fields (whichever the header line uses), a header line naming the columns in Swedish,
English or with the HSA catalogue's attribute names, dates as YYYY-MM-DD. Each row is checked
on its own here; what the database already holds is hsa_import.py's business.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from stegvis.organisation.identifiers import normalise_hsa_id, validate_hsa_id

# Our field -> the header names accepted for it (compared lower-case, spaces and hyphens as _).
COLUMNS: dict[str, tuple[str, ...]] = {
    "unit_hsa_id": ("enhet_hsa_id", "unit_hsa_id", "vardenhet_hsa_id"),
    "unit_name": ("enhet_namn", "unit_name", "vardenhet_namn"),
    "hsa_id": ("person_hsa_id", "hsa_id", "hsaidentity"),
    "first_name": ("fornamn", "förnamn", "given_name", "givenname"),
    "last_name": ("efternamn", "surname", "sn"),
    "email": ("epost", "e_post", "email", "e_mail", "mail"),
    "valid_from": ("uppdrag_fran", "uppdrag_från", "valid_from"),
    "valid_until": ("uppdrag_till", "valid_to", "valid_until"),
}
OPTIONAL = {"valid_from", "valid_until"}


class FileRefused(ValueError):
    """The file as a whole cannot be read (encoding, header); no row is imported."""


@dataclass(frozen=True)
class Row:
    """One valid line of the file; `line` is its line number (the header is line 1)."""

    line: int
    unit_hsa_id: str
    unit_name: str
    hsa_id: str
    first_name: str
    last_name: str
    email: str
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True)
class BadRow:
    line: int
    hsa_id: str
    reason: str


def _key(header: str) -> str:
    return header.strip().lower().replace(" ", "_").replace("-", "_")


def _columns(header: list[str]) -> dict[str, int]:
    keys = [_key(name) for name in header]
    found = {}
    for field, names in COLUMNS.items():
        index = next((i for i, key in enumerate(keys) if key in names), None)
        if index is not None:
            found[field] = index
    missing = [
        COLUMNS[field][0] for field in COLUMNS if field not in found and field not in OPTIONAL
    ]
    if missing:
        raise FileRefused(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return found


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(_("The file is not UTF-8 text.")) from None


def _date(value: str, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("%(column)s is not a date YYYY-MM-DD: %(value)s") % {"column": label, "value": value}
        ) from None


def _row(line: int, values: dict[str, str]) -> Row:
    for field in ("unit_hsa_id", "hsa_id"):
        validate_hsa_id(values[field])
    empty = [
        COLUMNS[f][0] for f in ("unit_name", "first_name", "last_name", "email") if not values[f]
    ]
    if empty:
        raise ValidationError(_("Empty: %(columns)s.") % {"columns": ", ".join(empty)})
    validate_email(values["email"])
    valid_from = _date(values.get("valid_from", ""), "uppdrag_fran")
    valid_until = _date(values.get("valid_until", ""), "uppdrag_till")
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError(_("The assignment ends before it begins."))
    return Row(
        line=line,
        unit_hsa_id=normalise_hsa_id(values["unit_hsa_id"]),
        unit_name=values["unit_name"],
        hsa_id=normalise_hsa_id(values["hsa_id"]),
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=values["email"].lower(),
        valid_from=valid_from,
        valid_until=valid_until,
    )


def read_rows(data: bytes) -> tuple[list[Row], list[BadRow]]:
    """Parse the file: its valid rows and, with the reason, the rows refused on their own.

    Raises FileRefused when the file has no readable header. Blank lines are skipped.
    """
    text = _text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise FileRefused(_("The file is empty."))
    columns = _columns(header)
    rows: list[Row] = []
    bad: list[BadRow] = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        line = reader.line_num
        named = {
            field: (values[i].strip() if i < len(values) else "") for field, i in columns.items()
        }
        try:
            rows.append(_row(line, named))
        except ValidationError as error:
            bad.append(BadRow(line, normalise_hsa_id(named["hsa_id"]), " ".join(error.messages)))
    return rows, bad
