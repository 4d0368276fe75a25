"""The training environment (docs/training.md): training mode, my test patient, the reset.

Ground truth: tests/clinic/test_training_views.py. No persona of the matrix is in training:
the test patient's sign-in is refused until the session is switched to training mode.
"""

from django.urls import reverse

from stegvis.organisation.training import SESSION_KEY
from tests.security.matrix import CITIZENS, NOT_ALLOWED, STAFF, Entry, cells


def _training_mode(client, sw):
    session = client.session
    session[SESSION_KEY] = True
    session.save()


ENTRIES = [
    Entry(
        "clinic:training_mode",
        lambda sw: reverse("clinic:training_mode"),
        get=cells(**{p: NOT_ALLOWED for p in STAFF}),
        post=cells(ok=STAFF),
        post_data=lambda sw: {"mode": "on"},
    ),
    Entry(
        "clinic:training_test_patient",
        lambda sw: reverse("clinic:training_test_patient"),
        get=cells(**{p: NOT_ALLOWED for p in STAFF}),
        post=cells(denied=STAFF),
        label="outside training",
    ),
    Entry(
        "clinic:training_test_patient",
        lambda sw: reverse("clinic:training_test_patient"),
        get=cells(**{p: NOT_ALLOWED for p in STAFF}),
        # Any member of staff in training mode opens the portal as their own test patient.
        post=cells(ok=STAFF),
        prepare=_training_mode,
        label="in training mode",
    ),
    Entry(
        "clinic:training_reset",
        lambda sw: reverse("clinic:training_reset", args=[sw.unit.pk]),
        get=cells(ok={"provider_admin"}),
        post=cells(ok={"provider_admin"}),
        post_data=lambda sw: {"confirm": "yes"},
    ),
    Entry(
        "clinic:training_reset",
        lambda sw: reverse("clinic:training_reset", args=[sw.foreign_unit.pk]),
        get=cells(not_found={"provider_admin"}),
        post=cells(not_found={"provider_admin"}),
        post_data=lambda sw: {"confirm": "yes"},
        label="another provider's unit",
    ),
    Entry(
        "portal:training_back",
        lambda sw: reverse("portal:training_back"),
        get=cells(**{p: NOT_ALLOWED for p in CITIZENS}),
        # Only a test patient's session opened from a staff session goes back.
        post=cells(denied=CITIZENS),
    ),
]
