"""A guardian in the demo: Johan Lind (guardian) follows a teenager's Ångesthjälpen ung.

The teenager (Elsa, persona `ungdom`) is enrolled at the child and youth clinic with Nora
Axelsson as practitioner; the guardian (`vardnadshavare`) may read and write messages and read
the first module. Nora has written one message, so the guardian sees a thread. Idempotent: the
enrollment, the grant and the message are made once.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from stegvis.care.models import Enrollment
from stegvis.care.services.enrollment import start_enrollment
from stegvis.care.services.program import document_of
from stegvis.catalog.services import active_releases
from stegvis.demo import personas
from stegvis.messaging.models import AuthorRole, Message, SenderSide
from stegvis.organisation.models import CareUnit, User
from stegvis.relatives.models import RelativeGrant

PROGRAM_KEY = "angesthjalpen-ung"
MESSAGE = (
    "Hej!\n\nVälkomna till Ångesthjälpen ung. Elsa arbetar med "
    "modulerna, och som vårdnadshavare kan du läsa introduktionen och skriva till mig här om ni "
    "har frågor.\n\nVänliga hälsningar\nNora Axelsson"
)


def _user(key: str) -> User | None:
    return User.objects.filter(email=f"{key}@{personas.DOMAIN}").first()


def _enrollment(unit: CareUnit, child: User, practitioner: User) -> Enrollment | None:
    existing = (
        Enrollment.objects.filter(citizen=child, unit=unit, release__program_key=PROGRAM_KEY)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    release = (
        active_releases(unit).filter(program_key=PROGRAM_KEY).order_by("-major", "-minor").first()
    )
    if release is None:
        return None
    return start_enrollment(
        actor=practitioner,
        unit=unit,
        release=release,
        citizen=child,
        practitioner=practitioner,
        start_date=timezone.localdate() - dt.timedelta(days=7),
    )


@transaction.atomic
def load_demo_relatives() -> None:
    unit = CareUnit.objects.filter(hsa_id=personas.UNITS["bup"][1]).first()
    child, guardian, practitioner = _user("ungdom"), _user("vardnadshavare"), _user("behandlare2")
    if None in (unit, child, guardian, practitioner):
        return
    enrollment = _enrollment(unit, child, practitioner)
    if enrollment is None:
        return
    if not RelativeGrant.objects.filter(enrollment=enrollment, relative=guardian).exists():
        first_module = document_of(enrollment.release).modules[0].key
        RelativeGrant.objects.create(
            enrollment=enrollment,
            relative=guardian,
            relation=RelativeGrant.Relation.GUARDIAN,
            may_message=True,
            module_keys=[first_module],
            invited_by=practitioner,
            invited_at=timezone.now() - dt.timedelta(days=7),
            # Elsa is 15: she approved her father's access herself (docs/relatives.md).
            approved_at=timezone.now() - dt.timedelta(days=7),
            approval=RelativeGrant.Approval.CITIZEN,
        )
    if not enrollment.messages.exists():
        sent = timezone.now() - dt.timedelta(days=6)
        Message.objects.create(
            enrollment=enrollment,
            author=practitioner,
            sender_side=SenderSide.TEAM,
            author_role=AuthorRole.PRACTITIONER,
            body=MESSAGE,
            created_at=sent,
        )
