"""Handover (överlämning) and change of practitioner (byt behandlare).

Ground truth: stegvis/care/permissions.py (docs/adr/0005-handover.md), tests/care/test_handover.py.
Sending: a practitioner at the enrollment's unit starts a handover; other units get "not
found". Receiving: the receiving unit's citizen admins list and decide incoming handovers.
Byt behandlare: citizen admins at the unit.
"""

from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import Handover
from stegvis.catalog.models import UnitActivation
from stegvis.organisation.models import Role
from tests.factories import StaffFactory, assign
from tests.portal.fixtures import make_enrollment, make_release
from tests.security.matrix import (
    CARE_AT_UNIT,
    CITIZEN_DATA,
    NOT_ALLOWED,
    OTHER_UNITS,
    Entry,
    cells,
)

ON_ANY_UNIT = CARE_AT_UNIT | OTHER_UNITS
PRACTITIONER = {"practitioner"}
# Citizen admins: at the unit, and (foreign_staff) at another provider's unit.
INCOMING = {"citizen_admin", "foreign_staff"}


def build(sw):
    # The other unit runs the citizen's program too, so it can receive her enrollment.
    UnitActivation.objects.create(release=sw.release, unit=sw.other_unit)
    sw.second_practitioner = assign(StaffFactory(), sw.unit, Role.PRACTITIONER)
    # A second enrollment of the citizen, at the other unit, being handed over to hers.
    moving = make_release(sw.provider, sw.other_unit, key="handover-program")
    UnitActivation.objects.create(release=moving, unit=sw.unit)
    sw.moving_enrollment = make_enrollment(
        sw.citizen, sw.other_unit, moving, practitioner=sw.other_unit_practitioner
    )
    sw.handover = Handover.objects.create(
        enrollment=sw.moving_enrollment,
        from_unit=sw.other_unit,
        to_unit=sw.unit,
        consent_confirmed_at=timezone.now(),
        started_by=sw.other_unit_practitioner,
    )


def _enrollment_url(name, *extra):
    return lambda sw: reverse(f"clinic:{name}", args=[sw.enrollment.pk, *(e(sw) for e in extra)])


def _handover_url(name):
    return lambda sw: reverse(f"clinic:{name}", args=[sw.handover.pk])


ENTRIES = [
    Entry(
        "clinic:handover_start",
        _enrollment_url("handover_start"),
        get=cells(ok=PRACTITIONER, not_found=OTHER_UNITS),
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:handover_unit",
        _enrollment_url("handover_unit"),
        get=cells(ok=PRACTITIONER, not_found=OTHER_UNITS),
        post=cells(ok=PRACTITIONER, not_found=OTHER_UNITS),
        post_data=lambda sw: {"unit": sw.other_unit.pk},
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:handover_confirm",
        _enrollment_url("handover_confirm", lambda sw: sw.other_unit.pk),
        get=cells(ok=PRACTITIONER, not_found=OTHER_UNITS),
        post=cells(ok=PRACTITIONER, not_found=OTHER_UNITS),
        post_data=lambda sw: {"consent": "on"},
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:handover_withdraw",
        lambda sw: reverse("clinic:handover_withdraw", args=[sw.moving_enrollment.pk]),
        get=cells(**{p: NOT_ALLOWED for p in ON_ANY_UNIT}),
        # The moving enrollment is at the other unit: its practitioner withdraws, no one here.
        post=cells(ok={"other_unit_practitioner"}, not_found=CARE_AT_UNIT | {"foreign_staff"}),
        label="the pending handover, from the sending unit",
    ),
    Entry(
        "clinic:enrollment_practitioner",
        _enrollment_url("enrollment_practitioner"),
        get=cells(ok={"citizen_admin"}, not_found=OTHER_UNITS),
        post=cells(ok={"citizen_admin"}, not_found=OTHER_UNITS),
        post_data=lambda sw: {"practitioner": sw.second_practitioner.pk},
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:handovers_incoming",
        lambda sw: reverse("clinic:handovers_incoming"),
        get=cells(ok=INCOMING),
        # The list shows the citizen's name: one read naming her (ADR 0004); another
        # provider's empty list names no one and records nothing.
        shows_citizen_data={"citizen_admin": CITIZEN_DATA},
    ),
    Entry(
        "clinic:handover_incoming",
        _handover_url("handover_incoming"),
        get=cells(ok={"citizen_admin"}, not_found={"foreign_staff"}),
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:handover_approve",
        _handover_url("handover_approve"),
        get=cells(**{p: NOT_ALLOWED for p in INCOMING}),
        post=cells(ok={"citizen_admin"}, not_found={"foreign_staff"}),
        post_data=lambda sw: {"approve-practitioner": sw.practitioner.pk},
    ),
    Entry(
        "clinic:handover_reject",
        _handover_url("handover_reject"),
        get=cells(**{p: NOT_ALLOWED for p in INCOMING}),
        post=cells(ok={"citizen_admin"}, not_found={"foreign_staff"}),
        post_data=lambda sw: {"reject-reason": "Vi har inte plats"},
    ),
]
