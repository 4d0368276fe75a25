"""The access log as CSV for Excel: UTF-8 with a byte order mark, semicolon-separated.

Swedish Excel opens `;`-separated files with a BOM correctly (the comma is the decimal mark
there). Cells that a spreadsheet would run as a formula are defused (see `safe_cell`).
"""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

BOM = "\ufeff"
DELIMITER = ";"
# A cell starting with one of these is a formula (or a DDE call) in Excel, LibreOffice and
# Google Sheets (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value) -> str:
    """Return `value` as text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _headers() -> list[str]:
    return [
        _("Time"),
        _("Kind"),
        _("Action"),
        _("Staff HSA-id"),
        _("Staff name"),
        _("Role"),
        _("Unit HSA-id"),
        _("Unit"),
        _("Citizen personnummer"),
        _("Citizen name"),
        _("Enrollment"),
        _("Target"),
        _("IP address"),
        _("Request id"),
        _("Event id"),
        _("Sequence"),
    ]


def _row(event) -> list:
    actor, unit, citizen = event.actor, event.unit, event.citizen
    target = f"{event.target_type}:{event.target_id}" if event.target_type else ""
    return [
        timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
        event.kind,
        event.action,
        event.actor_hsa_id,
        actor.get_full_name() if actor else "",
        event.actor_role,
        unit.hsa_id if unit else "",
        unit.name if unit else "",
        (citizen.personnummer or "") if citizen else "",
        citizen.get_full_name() if citizen else "",
        event.enrollment_id or "",
        target,
        event.ip_address or "",
        event.request_id,
        event.pk,
        # Empty until the sealer has linked the event into the chain (about a second).
        event.sequence if event.sequence is not None else "",
    ]


def csv_lines(events: QuerySet) -> Iterator[str]:
    """Return the CSV text of `events` line by line (for a streaming response).

    The header line is built now, in the request's language; the rows are read in chunks.
    """
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    header = BOM + writer.writerow([safe_cell(h) for h in _headers()])

    def lines() -> Iterator[str]:
        yield header
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow([safe_cell(cell) for cell in _row(event)])

    return lines()
