"""Notification settings (citizens), failed notifications (staff) and the demo outbox.

Ground truth: stegvis/notifications/permissions.py and tests/notifications. Notifications never
carry health data; the staff list names no citizen.
"""

from django.urls import reverse

from tests.security.matrix import (
    ALL_PERSONAS,
    BAD_REQUEST,
    CARE_AT_UNIT,
    CITIZENS,
    OK,
    OTHER_UNITS,
    Entry,
    cells,
)

ENTRIES = [
    Entry(
        "clinic:notification_problems",
        lambda sw: reverse("clinic:notification_problems"),
        # Staff at a unit see their own unit's problems.
        get=cells(ok=CARE_AT_UNIT | OTHER_UNITS),
    ),
    Entry(
        "portal:notification_settings",
        lambda sw: reverse("portal:notification_settings"),
        get=cells(ok=CITIZENS),
        post=cells(ok=CITIZENS),
        post_data=lambda sw: {"action": "channels"},
    ),
    Entry(
        "portal:notification_verify_email",
        lambda sw: reverse("portal:notification_verify_email"),
        get=cells(ok=CITIZENS),
        post=cells(**{p: BAD_REQUEST for p in CITIZENS}),
        post_data=lambda sw: {"code": "000000"},
    ),
    Entry(
        "portal:notification_verify_sms",
        lambda sw: reverse("portal:notification_verify_sms"),
        get=cells(ok=CITIZENS),
        post=cells(**{p: BAD_REQUEST for p in CITIZENS}),
        post_data=lambda sw: {"code": "000000"},
    ),
    Entry(
        "demo:outbox",
        lambda sw: reverse("demo:outbox"),
        # Only in the demo (STEGVIS_DEMO, on in tests): any signed-in user reads the outbox.
        get=cells(**{p: OK for p in ALL_PERSONAS if p != "anonymous"}),
    ),
]
