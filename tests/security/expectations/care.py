"""Care in the staff portal: Mina, Alla, Starta moment and Hantera with its actions.

Ground truth: tests/care/test_authorization.py and ADR 0004. Practitioners and citizen admins at
the enrollment's unit open it; staff of other units and providers get "not found"; roles
without care work are refused. Lists log one unnamed read for the unit.
"""

from django.urls import reverse

from tests.security.matrix import (
    CARE_AT_UNIT,
    CITIZEN_DATA,
    NOT_ALLOWED,
    OTHER_UNITS,
    Entry,
    cells,
)

ON_ANY_UNIT = CARE_AT_UNIT | OTHER_UNITS
# Mina and Alla log one read per citizen shown (audit, superseding ADR 0004's one unit event).
# The citizen has a red flag, so she is on the citizen admin's Mina too; her second enrollment
# (expectations/handover.py) is at the other unit, so its practitioner lists her as well.
# Another provider's lists do not show her and log nothing.
SHOWN_IN_LISTS = {persona: CITIZEN_DATA for persona in CARE_AT_UNIT | {"other_unit_practitioner"}}


def _action(name, *args, allowed, data):
    """A POST-only action on the enrollment (GET is refused once the unit guard lets one in)."""
    return Entry(
        f"clinic:{name}",
        lambda sw: reverse(f"clinic:{name}", args=[sw.enrollment.pk, *(a(sw) for a in args)]),
        get=cells(**{p: NOT_ALLOWED for p in ON_ANY_UNIT}),
        post=cells(ok=allowed, not_found=OTHER_UNITS),
        post_data=data,
    )


ENTRIES = [
    Entry(
        "clinic:my_enrollments",
        lambda sw: reverse("clinic:my_enrollments"),
        get=cells(ok=ON_ANY_UNIT),
        shows_citizen_data=SHOWN_IN_LISTS,
    ),
    Entry(
        "clinic:unit_enrollments",
        lambda sw: reverse("clinic:unit_enrollments"),
        get=cells(ok=ON_ANY_UNIT),
        shows_citizen_data=SHOWN_IN_LISTS,
    ),
    Entry(
        "clinic:enrollment_start",
        lambda sw: reverse("clinic:enrollment_start"),
        get=cells(ok=ON_ANY_UNIT),
        post=cells(ok=ON_ANY_UNIT),
        post_data=lambda sw: {},
    ),
    Entry(
        "clinic:enrollment",
        lambda sw: reverse("clinic:enrollment", args=[sw.enrollment.pk]),
        get=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        shows_citizen_data=CITIZEN_DATA,
    ),
    # Hantera's sub-pages (history, answers, diary, results): the same rules and log as Hantera.
    *(
        Entry(
            f"clinic:{name}",
            lambda sw, name=name: reverse(f"clinic:{name}", args=[sw.enrollment.pk]),
            get=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
            shows_citizen_data=CITIZEN_DATA,
        )
        for name in (
            "enrollment_history",
            "enrollment_answers",
            "enrollment_diary",
            "enrollment_results",
        )
    ),
    _action(
        "enrollment_module",
        allowed={"practitioner"},
        data=lambda sw: {"module": "m3", "action": "open"},
    ),
    _action(
        "enrollment_flag_acknowledge",
        lambda sw: sw.flag.pk,
        allowed={"practitioner"},
        data=lambda sw: {},
    ),
    _action(
        "enrollment_feedback",
        lambda sw: sw.feedback.pk,
        allowed={"practitioner"},
        data=lambda sw: {f"feedback-{sw.feedback.pk}-response": "Bra jobbat"},
    ),
    _action(
        "enrollment_phase",
        allowed=CARE_AT_UNIT,
        data=lambda sw: {"phase-phase": "maintenance", "phase-reason": "Mår bättre"},
    ),
    _action(
        "enrollment_assign",
        allowed={"citizen_admin"},
        data=lambda sw: {"assign-practitioner": sw.practitioner.pk},
    ),
]
