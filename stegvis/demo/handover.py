"""Demo handover: one enrollment at specialist psychiatry waiting to be taken over by rehab.

Both units have Depressionshjälpen active, so either can hand over to the other. Sign in as
"rehabadmin" (Eva Månsson, citizen admin at rehab) to see the incoming handover; as
"invanaradmin" at psychiatry to see the grey "handover in progress" panel in Hantera.
Idempotent: an enrollment that has ever had a handover is left alone.
"""

from django.db import transaction

from stegvis.care.models import Enrollment, Handover
from stegvis.care.services.handover import start_handover
from stegvis.demo import personas
from stegvis.organisation.models import CareUnit, User

CITIZEN, SENDER = "invanare2", "behandlare"


def _email(key: str) -> str:
    return f"{key}@{personas.DOMAIN}"


@transaction.atomic
def load_demo_handover() -> None:
    units = {
        key: CareUnit.objects.filter(hsa_id=personas.UNITS[key][1]).first()
        for key in ("psych", "rehab")
    }
    sender = User.objects.filter(email=_email(SENDER)).first()
    enrollment = (
        Enrollment.objects.filter(citizen__email=_email(CITIZEN), unit=units["psych"])
        .exclude(phase="closed")
        .first()
    )
    if None in (units["rehab"], sender, enrollment):
        return
    if Handover.objects.filter(enrollment=enrollment).exists():
        return
    start_handover(actor=sender, enrollment=enrollment, to_unit=units["rehab"], consent=True)
