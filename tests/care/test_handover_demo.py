"""The demo has two units that can hand over to each other, and one handover waiting."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from stegvis.care.models import Handover
from stegvis.care.services.handover import check_receiver
from stegvis.demo import personas
from stegvis.organisation.models import CareUnit, User
from tests.signin import sign_in


def test_the_demo_has_a_pending_handover_from_psychiatry_to_rehab(full_demo, client):
    call_command("demo", "--quiet", stdout=StringIO())  # loaded twice: still one pending
    # The one pending; the statistics' history has approved ones (stegvis/demo/history.py).
    handover = Handover.objects.get(status=Handover.Status.PENDING)
    psych, rehab = (
        CareUnit.objects.get(hsa_id=personas.UNITS[key][1]) for key in ("psych", "rehab")
    )
    assert (handover.from_unit, handover.to_unit, handover.is_pending) == (psych, rehab, True)
    # Handing over the other way works too: both units run the program.
    check_receiver(handover.enrollment, rehab)

    admin = User.objects.get(email=f"rehabadmin@{personas.DOMAIN}")
    sign_in(client, admin)
    response = client.get(reverse("clinic:handovers_incoming"))
    assert response.status_code == 200
    assert handover.enrollment.citizen.get_full_name() in response.content.decode()
