"""Everything Stegvis records about a citizen, as one JSON-ready dict (docs/record-export.md).

The citizen's own export holds all their enrollments; a care provider's export (the clinic)
only the enrollments at that provider's units and the accesses in its access log. One query per
kind of data, however many enrollments there are.
"""

from collections import defaultdict
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.audit.services.lines import events_naming
from stegvis.care.models import (
    Answer,
    DiaryEntry,
    Enrollment,
    Feedback,
    Flag,
    HistoryEvent,
    ModuleState,
    QuestionnaireResponse,
    StepProgress,
)
from stegvis.messaging.models import Message
from stegvis.organisation.models import CareProvider, User
from stegvis.relatives.models import RelativeGrant

FORMAT = "stegvis-record-export/1"

# (key in the export, model, the fields exported), per enrollment.
PARTS = [
    ("modules", ModuleState, ["module_key", "visibility", "opened_at", "completed_at"]),
    ("steps", StepProgress, ["step_key", "first_seen_at", "completed_at"]),
    ("answers", Answer, ["block_key", "value", "submitted_at", "updated_at"]),
    (
        "questionnaires",
        QuestionnaireResponse,
        ["questionnaire_key", "definition_version", "due_at", "completed_at", "answers", "score"],
    ),
    ("diary", DiaryEntry, ["diary_key", "entry_date", "values", "created_at"]),
    ("feedback", Feedback, ["block_key", "submitted_at", "response", "responded_at"]),
    ("flags", Flag, ["kind", "level", "reason", "raised_at", "acknowledged_at"]),
    ("history", HistoryEvent, ["at", "action", "detail"]),
]


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row(values: dict) -> dict:
    return {key: _plain(value) for key, value in values.items() if key != "enrollment_id"}


def enrollments_of(citizen: User, provider: CareProvider | None) -> QuerySet:
    """The enrollments an export holds: all the citizen's, or those at `provider`'s units."""
    enrollments = Enrollment.objects.filter(citizen=citizen)
    if provider is not None:
        enrollments = enrollments.filter(unit__provider=provider)
    return enrollments.select_related("unit__provider", "release", "practitioner").order_by(
        "start_date", "pk"
    )


def _by_enrollment(model, fields: list[str], ids: list[int]) -> dict[int, list[dict]]:
    grouped = defaultdict(list)
    rows = model.objects.filter(enrollment_id__in=ids).order_by("pk")
    for values in rows.values("enrollment_id", *fields):
        grouped[values["enrollment_id"]].append(_row(values))
    return grouped


def _messages(ids: list[int]) -> dict[int, list[dict]]:
    grouped = defaultdict(list)
    messages = (
        Message.objects.filter(enrollment_id__in=ids)
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    for message in messages:
        grouped[message.enrollment_id].append(
            {
                "sent_at": _plain(message.created_at),
                "from": message.sender_side,
                "author_role": message.author_role,
                "body": message.body,
                "attachments": [
                    {"name": a.original_name, "type": a.content_type, "bytes": a.size}
                    for a in message.attachments.all()
                ],
            }
        )
    return grouped


def _relatives(ids: list[int]) -> dict[int, list[dict]]:
    grouped = defaultdict(list)
    grants = RelativeGrant.objects.filter(enrollment_id__in=ids).select_related("relative")
    for grant in grants.order_by("pk"):
        grouped[grant.enrollment_id].append(
            {
                "relative": grant.relative.get_full_name(),
                "relation": grant.relation,
                "may_message": grant.may_message,
                "invited_at": _plain(grant.invited_at),
                "ended_at": _plain(grant.ended_at),
            }
        )
    return grouped


def _enrollment(enrollment: Enrollment) -> dict:
    practitioner = enrollment.practitioner
    return {
        "id": enrollment.pk,
        "program": enrollment.release.name,
        "program_version": f"{enrollment.release.major}.{enrollment.release.minor}",
        "care_provider": enrollment.unit.provider.name,
        "unit": enrollment.unit.name,
        "responsible_practitioner": practitioner.get_full_name() if practitioner else None,
        "phase": enrollment.phase,
        "start_date": _plain(enrollment.start_date),
        "closed_at": _plain(enrollment.closed_at),
    }


def _accesses(citizen: User, provider: CareProvider | None) -> list[dict]:
    # Lists that showed the citizen among others (compact list reads) count as reads too.
    events = AccessEvent.objects.filter(pk__in=events_naming(citizen.pk)).exclude(
        actor_id=citizen.pk
    )
    if provider is not None:
        events = events.filter(provider=provider)
    rows = events.order_by("occurred_at", "pk").values(
        "occurred_at", "kind", "action", "actor_role", "unit__name", "provider__name"
    )
    return [
        {
            "at": _plain(row["occurred_at"]),
            "kind": row["kind"],
            "action": row["action"],
            "role": row["actor_role"],
            "unit": row["unit__name"],
            "care_provider": row["provider__name"],
        }
        for row in rows
    ]


def collect(citizen: User, provider: CareProvider | None = None) -> dict:
    """Everything recorded about `citizen` (at `provider` only, when given)."""
    enrollments = list(enrollments_of(citizen, provider))
    ids = [enrollment.pk for enrollment in enrollments]
    parts = {key: _by_enrollment(model, fields, ids) for key, model, fields in PARTS}
    messages, relatives = _messages(ids), _relatives(ids)
    exported = []
    for enrollment in enrollments:
        entry = _enrollment(enrollment)
        entry.update({key: parts[key].get(enrollment.pk, []) for key, _model, _fields in PARTS})
        entry["messages"] = messages.get(enrollment.pk, [])
        entry["relatives"] = relatives.get(enrollment.pk, [])
        exported.append(entry)
    return {
        "format": FORMAT,
        "exported_at": _plain(timezone.now()),
        "care_provider": provider.name if provider is not None else None,
        "citizen": {
            "name": citizen.get_full_name(),
            "personnummer": citizen.personnummer,
            "email": citizen.email,
        },
        "enrollments": exported,
        "accesses": _accesses(citizen, provider),
    }
