"""Data for the backup drills: `python -m tests.operations.drill_data` on DATABASE_URL.

A provider with a unit, a practitioner and three citizens in care, each with answers and a
message (every change recorded in the access log), and a file in private media.
"""

from pathlib import Path

import django


def build() -> None:
    from django.conf import settings
    from django.utils import timezone

    from stegvis.care.services.enrollment import start_enrollment
    from stegvis.catalog.models import UnitActivation
    from stegvis.catalog.services import create_release
    from stegvis.organisation.models import Role
    from tests import factories
    from tests.care_documents import care_document

    provider = factories.ProviderFactory()
    unit = factories.UnitFactory(provider=provider)
    practitioner = factories.assign(factories.StaffFactory(), unit, Role.PRACTITIONER)
    release = create_release(actor=None, owner=provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=unit)
    for n in range(3):
        enrollment = start_enrollment(
            actor=practitioner,
            unit=unit,
            release=release,
            citizen=factories.CitizenFactory(),
            practitioner=practitioner,
            start_date=timezone.localdate(),
        )
        factories.AnswerFactory(enrollment=enrollment, value={"text": f"Svar {n} åäö"})
        factories.MessageFactory(enrollment=enrollment, body=f"Meddelande {n}")
    attachments = Path(settings.PRIVATE_MEDIA_ROOT) / "attachments"
    attachments.mkdir(parents=True, exist_ok=True)
    (attachments / "drill.pdf").write_bytes(b"%PDF-1.4 drill\n")


if __name__ == "__main__":
    django.setup()
    build()
