"""Data and a slow SMS provider for the kill test (tests/operations/test_kill_mid_run.py).

`python -m tests.operations.kill_data N` on DATABASE_URL (with the servers' SECRET_KEY, so the
session it writes is theirs too): a unit, a practitioner signed in as allauth's forms leave a
session, and N citizens in care who chose SMS with a verified number. Prints one JSON line.
"""

import json
import sys
import time

import django

from stegvis.notifications.sms.file import FileSmsBackend


class SlowProviderSmsBackend(FileSmsBackend):
    """The provider takes the SMS at once and answers slowly: a worker killed in between has
    sent it without recording so (the case at-most-once delivery exists for)."""

    def send(self, to: str, text: str, *, reference: str = "") -> str:
        sent = super().send(to, text, reference=reference)
        time.sleep(0.15)
        return sent


def build(citizens: int) -> dict:
    from django.test import Client
    from django.utils import timezone

    from stegvis.care.services.enrollment import start_enrollment
    from stegvis.catalog.models import UnitActivation
    from stegvis.catalog.services import create_release
    from stegvis.notifications.models import Preference
    from stegvis.organisation.models import Role
    from tests import factories
    from tests.care_documents import care_document
    from tests.signin import sign_in

    unit = factories.UnitFactory(provider=factories.ProviderFactory())
    practitioner = factories.assign(factories.StaffFactory(), unit, Role.PRACTITIONER)
    release = create_release(actor=None, owner=unit.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=unit)
    enrollments = []
    for n in range(citizens):
        citizen = factories.CitizenFactory()
        Preference.objects.create(
            user=citizen, phone=f"+4670174{n:04d}", phone_verified_at=timezone.now(), use_sms=True
        )
        enrollment = start_enrollment(
            actor=practitioner,
            unit=unit,
            release=release,
            citizen=citizen,
            practitioner=practitioner,
            start_date=timezone.localdate(),
        )
        enrollments.append(enrollment.pk)
    client = sign_in(Client(), practitioner)
    return {"session": client.cookies["sessionid"].value, "enrollments": enrollments}


if __name__ == "__main__":
    django.setup()
    print(json.dumps(build(int(sys.argv[1]))))
