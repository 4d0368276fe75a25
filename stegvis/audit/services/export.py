"""The access log as CSV for Swedish Excel (stegvis/spreadsheets.py: `;`, BOM, no formulas)."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.services.lines import Lines
from stegvis.spreadsheets import csv_lines as spreadsheet_lines


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


def csv_lines(events: Lines) -> Iterator[str]:
    """Return the CSV text of `events` line by line (for a streaming response).

    The header line is built now, in the request's language; the rows are read in chunks.
    """
    rows = (_row(event) for event in events.iterator(chunk_size=2000))
    return spreadsheet_lines(_headers(), rows)
