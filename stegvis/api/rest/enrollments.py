"""Enrollments (list, read, start, phase change, change practitioner) and their messages.

Reads start from the caller's row-level filter (`Caller.enrollments`) and are access events
naming the client. Changes go through care's and messaging's services with the staff member
of the app as the actor, so the web's rules (who may, in which phase, ...) apply unchanged.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from stegvis.api import scopes as smart
from stegvis.api.rest.base import operation
from stegvis.care.services.enrollment import change_phase, start_enrollment
from stegvis.care.services.reassign import change_practitioner
from stegvis.catalog.models import ProgramRelease
from stegvis.messaging import services as messaging
from stegvis.messaging.models import Message
from stegvis.organisation.models import CareUnit, User

router = Router(tags=["enrollments"])
EPISODE, COMMUNICATION = "EpisodeOfCare", "Communication"
MAX_PAGE = 200


class EnrollmentOut(Schema):
    id: int
    citizen: int
    unit: int
    release: int
    program_key: str
    version: str
    practitioner: int | None
    phase: str
    start_date: dt.date
    closed_at: dt.datetime | None


class EnrollmentFilter(Schema):
    unit: int | None = None
    phase: str | None = None
    practitioner: int | None = None
    program_key: str | None = None
    limit: int = 50
    offset: int = 0


class StartIn(Schema):
    citizen: int
    unit: int
    release: int
    practitioner: int | None = None
    start_date: dt.date | None = None


class PhaseIn(Schema):
    phase: str
    reason: str


class PractitionerIn(Schema):
    practitioner: int


class MessageOut(Schema):
    id: int
    sender_side: str
    author_role: str
    body: str
    created_at: dt.datetime
    read_by_team_at: dt.datetime | None
    read_by_citizen_at: dt.datetime | None


class MessageIn(Schema):
    body: str


def _enrollment_out(e) -> dict:
    return {
        "id": e.pk,
        "citizen": e.citizen_id,
        "unit": e.unit_id,
        "release": e.release_id,
        "program_key": e.release.program_key,
        "version": f"{e.release.major}.{e.release.minor}",
        "practitioner": e.practitioner_id,
        "phase": e.phase,
        "start_date": e.start_date,
        "closed_at": e.closed_at,
    }


def _visible(caller):
    return caller.enrollments().select_related("release", "citizen", "unit")


def _read(caller, enrollment_id: int, action: str = "api.enrollment_read"):
    enrollment = get_object_or_404(_visible(caller), pk=enrollment_id)
    caller.record_read(enrollment, action=action, target=enrollment)
    return enrollment


@router.get("/enrollments", response=list[EnrollmentOut], summary="Enrollments the caller sees")
@operation(EPISODE)
def list_enrollments(request, caller, filters: Query[EnrollmentFilter]):
    rows = _visible(caller).order_by("-start_date", "-pk")
    for name in ("unit", "phase", "practitioner"):
        value = getattr(filters, name)
        if value is not None:
            rows = rows.filter(**{f"{name}_id" if name != "phase" else name: value})
    if filters.program_key:
        rows = rows.filter(release__program_key=filters.program_key)
    limit = max(1, min(filters.limit, MAX_PAGE))
    page = list(rows[max(filters.offset, 0) : max(filters.offset, 0) + limit])
    caller.record_reads(
        [(e.citizen_id, e.pk, e.unit_id) for e in page], action="api.enrollment_search"
    )
    return [_enrollment_out(e) for e in page]


@router.get("/enrollments/{int:enrollment_id}", response=EnrollmentOut, summary="One enrollment")
@operation(EPISODE)
def get_enrollment(request, caller, enrollment_id: int):
    return _enrollment_out(_read(caller, enrollment_id))


@router.post("/enrollments", response={201: EnrollmentOut}, summary="Start an enrollment")
@operation(EPISODE, smart.WRITE)
def start(request, caller, payload: StartIn):
    unit = get_object_or_404(CareUnit, pk=payload.unit, pk__in=caller.unit_ids)
    enrollment = start_enrollment(
        actor=caller.user,
        unit=unit,
        release=get_object_or_404(ProgramRelease, pk=payload.release),
        citizen=get_object_or_404(User, pk=payload.citizen, kind=User.Kind.CITIZEN),
        practitioner=(
            get_object_or_404(User, pk=payload.practitioner) if payload.practitioner else None
        ),
        start_date=payload.start_date or dt.date.today(),
    )
    return Status(201, _enrollment_out(_visible(caller).get(pk=enrollment.pk)))


@router.post(
    "/enrollments/{int:enrollment_id}/phase", response=EnrollmentOut, summary="Change the phase"
)
@operation(EPISODE, smart.WRITE)
def phase(request, caller, enrollment_id: int, payload: PhaseIn):
    enrollment = get_object_or_404(_visible(caller), pk=enrollment_id)
    change_phase(
        actor=caller.user, enrollment=enrollment, phase=payload.phase, reason=payload.reason
    )
    return _enrollment_out(_visible(caller).get(pk=enrollment.pk))


@router.post(
    "/enrollments/{int:enrollment_id}/practitioner",
    response=EnrollmentOut,
    summary="Change the responsible practitioner",
)
@operation(EPISODE, smart.WRITE)
def practitioner(request, caller, enrollment_id: int, payload: PractitionerIn):
    enrollment = get_object_or_404(_visible(caller), pk=enrollment_id)
    person = get_object_or_404(User, pk=payload.practitioner)
    change_practitioner(actor=caller.user, enrollment=enrollment, practitioner=person)
    return _enrollment_out(_visible(caller).get(pk=enrollment.pk))


@router.get(
    "/enrollments/{int:enrollment_id}/messages",
    response=list[MessageOut],
    summary="The enrollment's messages, newest first",
)
@operation(COMMUNICATION)
def list_messages(request, caller, enrollment_id: int):
    enrollment = _read(caller, enrollment_id, action="api.messages_read")
    rows = Message.objects.filter(enrollment=enrollment).order_by("-created_at", "-pk")
    return list(rows[:MAX_PAGE])


@router.post(
    "/enrollments/{int:enrollment_id}/messages",
    response={201: MessageOut},
    summary="Send a message from the care team",
)
@operation(COMMUNICATION, smart.WRITE)
def send_message(request, caller, enrollment_id: int, payload: MessageIn):
    enrollment = get_object_or_404(_visible(caller), pk=enrollment_id)
    message = messaging.send_team_message(
        actor=caller.user, enrollment=enrollment, body=payload.body
    )
    return Status(201, message)
