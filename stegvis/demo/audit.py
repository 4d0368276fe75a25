"""Demo access log: a reviewer grant, everyday reads, and one read worth a look.

Run after the care demo. Idempotent: the marker read (Nora at the child and youth clinic
opening Alva's profile, who is treated in psychiatry) is made once; the rest only with it.
"""

from django.db import transaction

from stegvis.audit.models import AccessEvent, LogReviewer
from stegvis.care.access import get_enrollment_for_staff
from stegvis.care.models import Enrollment
from stegvis.demo import personas
from stegvis.organisation import services as organisation
from stegvis.organisation.models import CareProvider, CareUnit, User


def _user(key: str) -> User | None:
    return User.objects.filter(email=f"{key}@{personas.DOMAIN}").first()


@transaction.atomic
def load_demo_audit() -> None:
    provider = CareProvider.objects.filter(code=personas.PROVIDER["code"]).first()
    psych = CareUnit.objects.filter(hsa_id=personas.UNITS["psych"][1]).first()
    bup = CareUnit.objects.filter(hsa_id=personas.UNITS["bup"][1]).first()
    admin, reviewer = _user("vgadmin"), _user("trio")
    practitioner, citizen_admin, outsider = (
        _user("behandlare"),
        _user("invanaradmin"),
        _user("behandlare2"),
    )
    tolvan, alva = _user("invanare"), _user("invanare2")
    if None in (provider, psych, bup, admin, reviewer, practitioner, citizen_admin, outsider):
        return
    if None in (tolvan, alva):
        return
    if not LogReviewer.objects.filter(provider=provider, staff=reviewer).exists():
        LogReviewer.objects.create(provider=provider, staff=reviewer, granted_by=admin)
    if AccessEvent.objects.filter(actor=outsider, citizen=alva, action="citizen.view").exists():
        return
    # Everyday work: the citizen admin looks Tolvan up, his practitioner opens his enrollment.
    organisation.find_citizen(actor=citizen_admin, unit=psych, personnummer=tolvan.personnummer)
    enrollment = Enrollment.objects.filter(citizen=tolvan, unit=psych).first()
    if enrollment is not None:
        get_enrollment_for_staff(practitioner, psych, enrollment.pk)
    # Worth a look: a practitioner at another unit opens a citizen she does not treat.
    organisation.get_citizen_for(actor=outsider, unit=bup, pk=alva.pk)
