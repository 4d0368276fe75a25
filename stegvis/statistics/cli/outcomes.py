"""`manage.py statistics outcomes`: treatment outcomes of a program, as CSV or JSON.

    manage.py statistics outcomes --provider CODE --program KEY [--instrument KEY]
        [--unit HSA] [--version MAJOR.MINOR] [--from DATE] [--to DATE] [--format csv|json]
        [--by-unit]

The period is the enrollments' start date. Training data never counts; groups under five
pairs and counts of 1–4 are shown as "< 5", as on the page.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import CommandError

from stegvis.organisation.models import CareProvider, CareUnit
from stegvis.spreadsheets import csv_lines
from stegvis.statistics.outcomes import Selection, outcomes, programs_of
from stegvis.statistics.outcomes_table import COLUMNS, rows


def add_arguments(parser) -> None:
    parser.add_argument("--provider", required=True, help="The care provider's code.")
    parser.add_argument("--program", required=True, help="The program's key.")
    parser.add_argument("--instrument", help="Only this questionnaire (its key).")
    parser.add_argument("--unit", help="Only this unit (its HSA-id).")
    parser.add_argument("--version", help="Only this program version (MAJOR.MINOR).")
    parser.add_argument("--from", dest="started_from", help="Enrollments started on or after.")
    parser.add_argument("--to", dest="started_to", help="Enrollments started on or before.")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument(
        "--by-unit", action="store_true", help="Also one row per unit after each instrument."
    )


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--{name} must be a date, YYYY-MM-DD, not {value!r}.") from None


def _version(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    major, dot, minor = value.partition(".")
    if not (dot and major.isdigit() and minor.isdigit()):
        raise CommandError(f"--version must be MAJOR.MINOR (e.g. 1.2), not {value!r}.")
    return int(major), int(minor)


def selection_of(options: dict) -> Selection:
    """The selection the options name; CommandError for anything unknown or malformed."""
    provider = CareProvider.objects.filter(code=options["provider"]).first()
    if provider is None:
        raise CommandError(f"No care provider has the code {options['provider']!r}.")
    units = CareUnit.objects.filter(provider=provider)
    if options.get("unit"):
        units = units.filter(hsa_id=options["unit"])
    unit_ids = tuple(units.values_list("pk", flat=True))
    if not unit_ids:
        raise CommandError(f"The provider has no unit with the HSA-id {options['unit']!r}.")
    started_from = _date(options.get("started_from"), "from")
    started_to = _date(options.get("started_to"), "to")
    if started_from and started_to and started_from > started_to:
        raise CommandError("--from must not be after --to.")
    if options["program"] not in dict(programs_of(provider, unit_ids)):
        raise CommandError(f"The units have no enrollments in the program {options['program']!r}.")
    return Selection(
        provider=provider,
        program_key=options["program"],
        unit_ids=unit_ids,
        version=_version(options.get("version")),
        started_from=started_from,
        started_to=started_to,
        instrument=options.get("instrument") or None,
    )


def run(options: dict, stdout) -> None:
    table = rows(outcomes(selection_of(options), by_unit=options.get("by_unit", False)))
    if options.get("format") == "json":
        stdout.write(json.dumps(table, ensure_ascii=False, indent=2))
        return
    names = [name for name, _label in COLUMNS]
    for line in csv_lines(names, ([_csv_cell(r[name]) for name in names] for r in table)):
        stdout.write(line, ending="")


def _csv_cell(value):
    """Swedish Excel's decimal comma, fixed-point (never 1e-05) for the figures."""
    if isinstance(value, float):
        return f"{value:.6f}".replace(".", ",")
    return value
