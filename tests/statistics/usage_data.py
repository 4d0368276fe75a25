"""A small usage data set whose figures are counted by hand in the tests' docstrings.

At world.unit, program "care test" (the `release` fixture), in 2025:

- 7 enrollments start on 10 February with world.practitioner ("cohort"); women born 1985.
  5 reach maintenance and close on 11 April (60 days); 2 close early on 13 March (31 days).
- Messages in February: cohort[0] a citizen message at 10:00 answered at 12:00 (2 h);
  cohort[1] one at 08:00 answered the next day at 08:00 (24 h); cohort[2] one unanswered.
- 6 questionnaires due 1 March: 4 answered 28 February (on time), 2 on 5 March (late).
- 5 modules completed on 20 March; cohort[6] handed over to world.other_unit on 15 March.
- Training data that must never count, each started on 10 February: a training enrollment, a
  test citizen's and a test practitioner's (each with a message and a completed module).
"""

import datetime as dt
import itertools

from django.utils import timezone
from stdnum import luhn

from stegvis.care.models import Handover
from stegvis.messaging.models import Message
from stegvis.organisation.models import Role
from stegvis.statistics.summaries.refresh import refresh
from tests.factories import (
    CitizenFactory,
    EnrollmentFactory,
    QuestionnaireResponseFactory,
    StaffFactory,
    assign,
)
from tests.record_factories import HistoryEventFactory, ModuleStateFactory


def personnummer(birth: str, serial: str) -> str:
    return f"{birth}{serial}{luhn.calc_check_digit(birth[2:] + serial)}"


def at(day: str, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day).replace(hour=hour))


def citizen(birth: str = "19850315", serial: str = "242", **extra):
    """A citizen; the serial's last digit is odd for a man, even for a woman."""
    return CitizenFactory(personnummer=personnummer(birth, serial), **extra)


# Even serials: every cohort citizen is a woman (a distinct personnummer each).
_serials = itertools.count(200, 2)


def _serial() -> str:
    return f"{next(_serials) % 1000:03d}"


def enrol(world, release, **fields):
    fields.setdefault("citizen", None) or fields.update(citizen=citizen(serial=_serial()))
    fields.setdefault("unit", world.unit)
    fields.setdefault("practitioner", world.practitioner)
    fields.setdefault("start_date", dt.date(2025, 2, 10))
    return EnrollmentFactory(release=release, initialised=False, **fields)


def close(enrollment, day: str, *, completed: bool) -> None:
    if completed:
        HistoryEventFactory(
            enrollment=enrollment,
            action="phase.changed",
            detail={"old": "treatment", "new": "maintenance"},
        )
    enrollment.phase = "closed"
    enrollment.closed_at = at(day)
    enrollment.save()


def message(enrollment, when: dt.datetime, side: str = "citizen") -> Message:
    author = enrollment.citizen if side == "citizen" else enrollment.practitioner
    return Message.objects.create(
        enrollment=enrollment,
        author=author,
        sender_side=side,
        author_role="citizen" if side == "citizen" else "practitioner",
        body="Hej",
        created_at=when,
    )


def build(world, release) -> list:
    cohort = [enrol(world, release) for _ in range(7)]
    for enrollment in cohort[:5]:
        close(enrollment, "2025-04-11", completed=True)
    for enrollment in cohort[5:]:
        close(enrollment, "2025-03-13", completed=False)
    message(cohort[0], at("2025-02-12", 10))
    message(cohort[0], at("2025-02-12", 12), "team")
    message(cohort[1], at("2025-02-13", 8))
    message(cohort[1], at("2025-02-14", 8), "team")
    message(cohort[2], at("2025-02-14", 9))
    for n, enrollment in enumerate(cohort[:6]):
        QuestionnaireResponseFactory(
            enrollment=enrollment,
            due_at=at("2025-03-01", 23),
            completed_at=at("2025-02-28") if n < 4 else at("2025-03-05"),
        )
    for enrollment in cohort[:5]:
        ModuleStateFactory(enrollment=enrollment, module_key="m1", completed_at=at("2025-03-20"))
    Handover.objects.create(
        enrollment=cohort[6],
        from_unit=world.unit,
        to_unit=world.other_unit,
        status=Handover.Status.APPROVED,
        consent_confirmed_at=at("2025-03-15"),
        started_by=world.practitioner,
        decided_at=at("2025-03-15"),
        previous_practitioner=world.practitioner,
        new_practitioner=world.other_unit_practitioner,
    )
    _training(world, release)
    refresh(full=True)  # the pages, exports and the command read the summaries
    return cohort


def _training(world, release) -> None:
    trainee = assign(StaffFactory(is_training=True), world.unit, Role.PRACTITIONER)
    for enrollment in (
        enrol(world, release, is_training=True),
        enrol(world, release, citizen=citizen(serial=_serial(), is_training=True)),
        enrol(world, release, practitioner=trainee),
    ):
        message(enrollment, at("2025-02-12", 10))
        ModuleStateFactory(enrollment=enrollment, module_key="m1", completed_at=at("2025-03-20"))
