"""Relatives and guardians: managed from Hantera, and the relative's read-only view.

Ground truth: stegvis/relatives/permissions.py and tests/relatives. Practitioners and citizen
admins at the enrollment's unit invite, change and end grants (other units: "not found"). A
relative follows the enrollment only while the grant is active; anyone else gets "not found".
"""

from django.urls import reverse

from tests.security.matrix import (
    BAD_REQUEST,
    CARE_AT_UNIT,
    CITIZEN_DATA,
    CITIZENS,
    NOT_ALLOWED,
    OTHER_UNITS,
    Entry,
    cells,
)

ON_ANY_UNIT = CARE_AT_UNIT | OTHER_UNITS
NOT_FOLLOWING = CITIZENS - {"relative"}


def build(sw):
    # The relative may read the first module (its content blocks, never the citizen's answers).
    sw.relative_grant.module_keys = ["m1"]
    sw.relative_grant.save(update_fields=["module_keys"])


def _grant_url(name, grant="relative_grant"):
    return lambda sw: reverse(f"clinic:{name}", args=[sw.enrollment.pk, getattr(sw, grant).pk])


ENTRIES = [
    Entry(
        "clinic:relative_invite",
        lambda sw: reverse("clinic:relative_invite", args=[sw.enrollment.pk]),
        get=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        # An empty invitation: past the guard, refused by the form.
        post=cells(not_found=OTHER_UNITS, **{p: BAD_REQUEST for p in CARE_AT_UNIT}),
        post_data=lambda sw: {},
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:relative_grant",
        _grant_url("relative_grant"),
        get=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        post=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        post_data=lambda sw: {"may_message": "on", "module_keys": ["m1", "m2"]},
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:relative_end",
        _grant_url("relative_end"),
        get=cells(**{p: NOT_ALLOWED for p in ON_ANY_UNIT}),
        post=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
    ),
    Entry(
        "portal:following",
        lambda sw: reverse("portal:following", args=[sw.enrollment.pk]),
        get=cells(ok={"relative"}, not_found=NOT_FOLLOWING),
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "portal:following_step",
        lambda sw: reverse("portal:following_step", args=[sw.enrollment.pk, "intro"]),
        get=cells(ok={"relative"}, not_found=NOT_FOLLOWING),
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "portal:following_media",
        lambda sw: reverse("portal:following_media", args=[sw.enrollment.pk, "intro.png"]),
        # intro.png is the release's file but no granted module uses it: "not found" for all.
        get=cells(not_found=CITIZENS),
    ),
]
