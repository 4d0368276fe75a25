"""Two groups at specialist psychiatry, so Mina and Alla's group filter has something to show.

Sara Holm (persona `behandlare`) keeps "Grupp vår 2027" with her running enrollments and an
empty "Väntar på bedömning" (docs/groups.md). Made through care's group services, as staff make
them; idempotent: an existing group is reused and a member is never added twice.
"""

from django.db import transaction

from stegvis.care.models import Enrollment, EnrollmentGroup, Phase
from stegvis.care.services.groups import add_to_group, create_group
from stegvis.demo import personas
from stegvis.organisation.models import CareUnit, User

GROUPS = ("Grupp vår 2027", "Väntar på bedömning")


def _group(actor: User, unit: CareUnit, name: str) -> EnrollmentGroup:
    existing = EnrollmentGroup.objects.filter(unit=unit, name=name).first()
    return existing or create_group(actor=actor, unit=unit, name=name)


@transaction.atomic
def load_demo_groups() -> None:
    unit = CareUnit.objects.filter(hsa_id=personas.UNITS["psych"][1]).first()
    sara = User.objects.filter(email=f"behandlare@{personas.DOMAIN}").first()
    if unit is None or sara is None:
        return
    spring, _waiting = (_group(sara, unit, name) for name in GROUPS)
    running = Enrollment.objects.filter(
        unit=unit, practitioner=sara, phase=Phase.TREATMENT, is_training=False
    ).order_by("pk")[:5]
    add_to_group(actor=sara, group=spring, enrollments=running)
