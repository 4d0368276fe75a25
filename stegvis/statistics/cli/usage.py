"""`manage.py statistics usage`: current and historic usage figures as CSV or JSON.

The same figures and suppression as the clinic's page (stegvis/statistics/usage.py): a
provider's units, or one unit of it, for a period grouped by week, month or quarter.
"""

import datetime as dt
import json

from django.core.management.base import CommandError
from django.utils import translation

from stegvis.organisation.models import CareProvider
from stegvis.spreadsheets import csv_lines
from stegvis.statistics.usage import current_usage, historic_usage
from stegvis.statistics.usage_forms import check_period
from stegvis.statistics.usage_scope import BREAKDOWNS, GROUPS, UsageScope


def add_arguments(parser) -> None:
    parser.add_argument("--provider", required=True, help="The care provider's code.")
    parser.add_argument("--unit", default="", help="One unit's HSA-id (default: every unit).")
    parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
    parser.add_argument("--group", default="month", help="week, month or quarter")
    parser.add_argument("--breakdown", default="provider", help=", ".join(BREAKDOWNS))
    parser.add_argument("--format", dest="output_format", default="csv", help="csv or json")


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--{name} must be a date as YYYY-MM-DD, not {value!r}.") from None


def scope_from(options: dict) -> UsageScope:
    """The scope the options name; CommandError when any of them is wrong."""
    provider = CareProvider.objects.filter(code=options["provider"]).first()
    if provider is None:
        raise CommandError(f"No care provider has the code {options['provider']!r}.")
    units = provider.units.all()
    if options["unit"]:
        units = units.filter(hsa_id=options["unit"])
        if not units:
            raise CommandError(f"{provider.code} has no unit with HSA-id {options['unit']!r}.")
    date_from = _date(options["date_from"], "from")
    date_to = _date(options["date_to"], "to")
    with translation.override("en"):  # the command speaks English, like its other errors
        problem = check_period(date_from, date_to)
    if problem:
        raise CommandError(problem)
    if options["group"] not in GROUPS:
        raise CommandError("--group must be week, month or quarter.")
    if options["breakdown"] not in BREAKDOWNS:
        raise CommandError(f"--breakdown must be one of {', '.join(BREAKDOWNS)}.")
    if options["breakdown"] == "practitioner" and not options["unit"]:
        raise CommandError("Figures per practitioner need one unit (--unit).")
    if options["output_format"] not in ("csv", "json"):
        raise CommandError("--format must be csv or json.")
    return UsageScope(
        unit_ids=tuple(units.values_list("pk", flat=True)),
        date_from=date_from,
        date_to=date_to,
        group=options["group"],
        breakdown=options["breakdown"],
    )


def run(options: dict, stdout) -> None:
    scope = scope_from(options)
    tables = {"current": current_usage(scope), "historic": historic_usage(scope)}
    if options["output_format"] == "json":
        document = {
            "from": scope.date_from.isoformat(),
            "to": scope.date_to.isoformat(),
            "group": scope.group,
            "breakdown": scope.breakdown,
            "training_data": "excluded",
            **{
                name: [dict(zip(table.header, row, strict=True)) for row in table.rows]
                for name, table in tables.items()
            },
        }
        stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for name, table in tables.items():
        stdout.write(f"# {name}")
        for line in csv_lines(table.header, table.rows):
            stdout.write(line.removeprefix("\ufeff"), ending="")
