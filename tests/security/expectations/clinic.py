"""The staff portal outside care: start, workplace, Personal, Vårdenheter, Invånare.

Ground truth: tests/clinic/test_authorization.py. Staff act from their only unit; the
inactivated staff member has no workplace (sent to choose one, which counts as denied).
"""

from django.urls import reverse

from tests.security.matrix import (
    CITIZEN_DATA,
    NOT_ALLOWED,
    STAFF,
    Entry,
    cells,
)

FINDERS = {"practitioner", "other_unit_practitioner", "citizen_admin", "foreign_staff"}
# Who sees a found citizen's profile (ADR 0008): staff of a unit where the citizen is in care and
# citizen admins anywhere (they may start an enrollment). Here every finder does: the citizen has
# enrollments at the unit and (the handover's) at the other unit; foreign_staff is citizen admin.
# A practitioner without a care relationship sees only "found": tests/clinic/
# test_citizen_search_scope.py.
PROFILE_READERS = FINDERS
REGISTRARS = {"citizen_admin", "foreign_staff"}
ACCESS_ADMINS = {"access_admin", "foreign_staff"}


def _look_up_the_citizen(client, sw):
    # The citizen page opens only after a lookup by personnummer in this session.
    client.post(reverse("clinic:citizens"), {"personnummer": sw.citizen.personnummer})


ENTRIES = [
    Entry("clinic:start", lambda sw: reverse("clinic:start"), get=cells(ok=STAFF)),
    Entry(
        "clinic:workplace",
        lambda sw: reverse("clinic:workplace"),
        get=cells(ok=STAFF),
        post=cells(ok=STAFF),
        post_data=lambda sw: {"workplace": ""},
    ),
    Entry(
        "clinic:staff",
        lambda sw: reverse("clinic:staff"),
        get=cells(ok=ACCESS_ADMINS),
    ),
    Entry(
        "clinic:staff_detail",
        lambda sw: reverse("clinic:staff_detail", args=[sw.practitioner.pk]),
        # Another provider's access admin may not look at this provider's staff.
        get=cells(ok={"access_admin"}, not_found={"foreign_staff"}),
        post=cells(ok={"access_admin"}, not_found={"foreign_staff"}),
        post_data=lambda sw: {"roles": ["data_admin"]},
    ),
    Entry(
        "clinic:grant_inactivate",
        lambda sw: reverse("clinic:grant_inactivate", args=[sw.practitioner.role_grants.get().pk]),
        get=cells(**{p: NOT_ALLOWED for p in ACCESS_ADMINS}),
        post=cells(ok={"access_admin"}, not_found={"foreign_staff"}),
    ),
    Entry(
        "clinic:units",
        lambda sw: reverse("clinic:units"),
        get=cells(ok={"provider_admin"}),
        post=cells(ok={"provider_admin"}),
        post_data=lambda sw: {"name": ""},
    ),
    Entry(
        "clinic:unit_detail",
        lambda sw: reverse("clinic:unit_detail", args=[sw.unit.pk]),
        get=cells(ok={"provider_admin"}),
        post=cells(ok={"provider_admin"}),
        post_data=lambda sw: {},
    ),
    Entry(
        "clinic:unit_detail",
        lambda sw: reverse("clinic:unit_detail", args=[sw.foreign_unit.pk]),
        get=cells(not_found={"provider_admin"}),
        label="another provider's unit",
    ),
    Entry(
        "clinic:unit_deactivate",
        lambda sw: reverse("clinic:unit_deactivate", args=[sw.unit.pk]),
        get=cells(provider_admin=NOT_ALLOWED),
        post=cells(ok={"provider_admin"}),
    ),
    Entry(
        "clinic:unit_deactivate",
        lambda sw: reverse("clinic:unit_deactivate", args=[sw.foreign_unit.pk]),
        get=cells(provider_admin=NOT_ALLOWED),
        post=cells(not_found={"provider_admin"}),
        label="another provider's unit",
    ),
    Entry(
        "clinic:citizens",
        lambda sw: reverse("clinic:citizens"),
        get=cells(ok=FINDERS),
        post=cells(ok=FINDERS),
        post_data=lambda sw: {"personnummer": sw.citizen.personnummer},
    ),
    Entry(
        "clinic:citizen_register",
        lambda sw: reverse("clinic:citizen_register"),
        get=cells(ok=REGISTRARS),
        post=cells(ok=REGISTRARS),
        post_data=lambda sw: {},
    ),
    Entry(
        "clinic:citizen_detail",
        lambda sw: reverse("clinic:citizen_detail", args=[sw.citizen.pk]),
        # Allowed to find citizens, but the page needs a lookup in this session first.
        get=cells(not_found=FINDERS),
        label="without a lookup",
    ),
    Entry(
        "clinic:citizen_detail",
        lambda sw: reverse("clinic:citizen_detail", args=[sw.citizen.pk]),
        get=cells(ok=PROFILE_READERS),
        prepare=_look_up_the_citizen,
        shows_citizen_data=CITIZEN_DATA,
        label="after a lookup",
    ),
]
