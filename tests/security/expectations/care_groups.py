"""Groups of enrollments (docs/groups.md) and the message to a group.

Ground truth: stegvis/care/permissions.py ("care.manage_groups", "care.group_enrollment"),
stegvis/messaging/permissions.py ("messaging.message_group"), tests/care/test_groups*.py.
Practitioners and citizen admins at the unit manage its groups; only practitioners write to
one. Another unit's group is "not found"; roles without care work are refused. A group's
page lists its enrollments' citizens and logs those reads, as Alla does.
"""

from django.urls import reverse

from stegvis.care.models import EnrollmentGroup, GroupMembership
from tests.security.matrix import (
    CARE_AT_UNIT,
    CITIZEN_DATA,
    NOT_ALLOWED,
    OTHER_UNITS,
    Entry,
    cells,
)

ON_ANY_UNIT = CARE_AT_UNIT | OTHER_UNITS


def build(sw):
    sw.group = EnrollmentGroup.objects.create(unit=sw.unit, name="Grupp vår 2027")
    GroupMembership.objects.create(group=sw.group, enrollment=sw.enrollment)


def _post_only(name, url, data, allowed=CARE_AT_UNIT):
    return Entry(
        f"clinic:{name}",
        url,
        get=cells(**{p: NOT_ALLOWED for p in ON_ANY_UNIT}),
        post=cells(ok=allowed, not_found=OTHER_UNITS),
        post_data=data,
    )


ENTRIES = [
    Entry(
        "clinic:groups",
        lambda sw: reverse("clinic:groups"),
        get=cells(ok=ON_ANY_UNIT),
        post=cells(ok=ON_ANY_UNIT),
        post_data=lambda sw: {"name": "Väntar på bedömning"},
    ),
    Entry(
        "clinic:group",
        lambda sw: reverse("clinic:group", args=[sw.group.pk]),
        get=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:group_delete",
        lambda sw: reverse("clinic:group_delete", args=[sw.group.pk]),
        get=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        post=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        post_data=lambda sw: {},
    ),
    Entry(
        "clinic:group_message",
        lambda sw: reverse("clinic:group_message", args=[sw.group.pk]),
        get=cells(ok={"practitioner"}, not_found=OTHER_UNITS),
        post=cells(ok={"practitioner"}, not_found=OTHER_UNITS),
        post_data=lambda sw: {"body": "Hej {förnamn}, välkommen till gruppen."},
        shows_citizen_data={"practitioner": CITIZEN_DATA},
    ),
    _post_only(
        "group_rename",
        lambda sw: reverse("clinic:group_rename", args=[sw.group.pk]),
        lambda sw: {"name": "Grupp höst 2027"},
    ),
    _post_only(
        "group_add",
        lambda sw: reverse("clinic:group_add"),
        lambda sw: {"group": sw.group.pk, "enrollment": [sw.enrollment.pk]},
    ),
    _post_only(
        "group_remove_member",
        lambda sw: reverse("clinic:group_remove_member", args=[sw.group.pk, sw.enrollment.pk]),
        lambda sw: {},
    ),
    _post_only(
        "enrollment_groups",
        lambda sw: reverse("clinic:enrollment_groups", args=[sw.enrollment.pk]),
        lambda sw: {"groups-groups": [sw.group.pk]},
    ),
]
