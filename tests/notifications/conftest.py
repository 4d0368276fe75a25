"""Notifications tests: SMS in memory, verified contact details, a care enrollment."""

import pytest
from django.utils import timezone

from stegvis.notifications.models import Preference
from stegvis.notifications.sms import locmem

LOCMEM_SMS = "stegvis.notifications.sms.locmem.LocmemSmsBackend"


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """SMS go to a list; no quiet hours unless a test sets them; no e-mail batching."""
    settings.SMS_BACKEND = LOCMEM_SMS
    settings.NOTIFICATION_QUIET_HOURS = ""
    locmem.outbox.clear()
    locmem.fail_with.clear()
    yield locmem.outbox
    locmem.outbox.clear()
    locmem.fail_with.clear()


def verified(user, *, email: str = "", phone: str = "", use_email=True, use_sms=True):
    """Give `user` verified contact details and chosen channels."""
    now = timezone.now()
    preference, _ = Preference.objects.update_or_create(
        user=user,
        defaults={
            "email": email,
            "email_verified_at": now if email else None,
            "phone": phone,
            "phone_verified_at": now if phone else None,
            "use_email": use_email and bool(email),
            "use_sms": use_sms and bool(phone),
        },
    )
    return preference


@pytest.fixture
def reachable_citizen(world):
    verified(world.citizen, email="tolvan@mail.test", phone="+46701234567")
    return world.citizen


class Clock:
    """Stands in for time_machine: `move_to(moment)` fixes django.utils.timezone.now()."""

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def move_to(self, moment, tick: bool = False):
        self._monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def time_machine(monkeypatch):
    return Clock(monkeypatch)
