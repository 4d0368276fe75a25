"""The demo has a guardian who follows a teenager's program: messages and the first module."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from stegvis.demo import personas
from stegvis.messaging.models import Message
from stegvis.relatives.models import RelativeGrant


def _load() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_the_demo_guardian_follows_elsa_and_sees_the_thread(full_demo, login):
    output = _load()  # a second time: idempotent, nothing is made twice
    assert f"vardnadshavare@{personas.DOMAIN}" in output
    grant = RelativeGrant.objects.select_related("enrollment", "relative").get()
    assert grant.relative.get_full_name() == "Johan Lind"
    assert grant.relation == "guardian" and grant.may_message
    assert grant.module_keys == ["introduktion"]
    assert grant.enrollment.citizen.first_name == "Elsa"
    assert grant.enrollment.release.program_key == "angesthjalpen-ung"
    assert Message.objects.filter(enrollment=grant.enrollment).count() == 1

    client = login(grant.relative)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Elsa: Ångesthjälpen ung" in home
    assert "Välkommen, Johan" in home  # greeted by name, not by role
    following = client.get(reverse("portal:following", args=[grant.enrollment_id]))
    assert "Du följer Elsas program som vårdnadshavare." in following.content.decode()
    thread = client.get(reverse("portal:messages", args=[grant.enrollment_id]))
    assert thread.status_code == 200
    assert "Välkomna till Ångesthjälpen ung" in thread.content.decode()
    step = reverse("portal:following_step", args=[grant.enrollment_id, "valkommen"])
    assert client.get(step).status_code == 200
