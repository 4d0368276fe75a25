"""Driftinformation: the provider admin sends operational messages; unit staff read them.

Ground truth: stegvis/bulletins/permissions.py and tests/bulletins. Sending, changing
and ending are the provider admin's; the archive and "mark as read" are for staff with a role at
the unit, and a message for another unit is "not found". No citizen data.
"""

from django.urls import reverse
from django.utils import timezone

from stegvis.bulletins import services
from tests.security.matrix import NOT_ALLOWED, OTHER_UNITS, Entry, cells

AT_UNIT = {"practitioner", "citizen_admin", "access_admin", "data_admin", "designer"}
ADMIN = {"provider_admin"}


def build(sw):
    sw.bulletin = services.publish_bulletin(
        actor=sw.provider_admin,
        provider=sw.provider,
        title="Planerat underhåll",
        body="Stegvis är stängt lördag 08–10.",
        starts_on=timezone.localdate(),
        units=[sw.unit],
    )


ENTRIES = [
    Entry("clinic:bulletins", lambda sw: reverse("clinic:bulletins"), get=cells(ok=ADMIN)),
    Entry(
        "clinic:bulletin_create",
        lambda sw: reverse("clinic:bulletin_create"),
        get=cells(ok=ADMIN),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {},
    ),
    # Another provider's message is "not found" for its admin (tests/bulletins); here the
    # personas are the provider's own, so only its admin gets through.
    Entry(
        "clinic:bulletin_edit",
        lambda sw: reverse("clinic:bulletin_edit", args=[sw.bulletin.pk]),
        get=cells(ok=ADMIN),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {},
    ),
    Entry(
        "clinic:bulletin_end",
        lambda sw: reverse("clinic:bulletin_end", args=[sw.bulletin.pk]),
        get=cells(**{p: NOT_ALLOWED for p in ADMIN}),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {},
    ),
    Entry(
        "clinic:bulletin_archive",
        lambda sw: reverse("clinic:bulletin_archive"),
        get=cells(ok=AT_UNIT | OTHER_UNITS),
    ),
    Entry(
        "clinic:bulletin_read",
        lambda sw: reverse("clinic:bulletin_read", args=[sw.bulletin.pk]),
        get=cells(**{p: NOT_ALLOWED for p in AT_UNIT | OTHER_UNITS}),
        post=cells(ok=AT_UNIT, not_found=OTHER_UNITS),
        post_data=lambda sw: {},
    ),
]
