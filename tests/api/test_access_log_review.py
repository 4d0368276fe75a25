"""The log review names the API client that read or wrote (and the citizen of a citizen's app)."""

import pytest
from django.urls import reverse

from stegvis.audit.templatetags.access_log import acted_as, by_staff
from tests.api import scenario
from tests.api.conftest import make_client, token_for

pytestmark = pytest.mark.django_db


def test_the_review_shows_the_clients_code_for_its_reads(client, world, login):
    data = scenario.build(world)
    issued = make_client(world, name="Journalen")
    token = token_for(client, issued)["access_token"]
    url = f"/fhir/QuestionnaireResponse/{data.completed[0].pk}"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    page = login(world.provider_admin).get(
        reverse("clinic:access_log"), {"action": "api.", "citizen": world.citizen.pk}
    )
    text = page.content.decode()
    assert f"API-klient {issued.client.code}" in text
    assert "Läste genom API:t" in text


def test_a_citizens_app_event_is_not_a_staff_members(world):
    from stegvis.audit.models import AccessEvent

    event = AccessEvent(
        actor=world.citizen,
        actor_role="api_client",
        actor_hsa_id="API-0000ABCD",
        citizen=world.citizen,
        action="api.read",
        kind="read",
    )
    assert not by_staff(event)
    assert "API-0000ABCD" in acted_as(event)
    assert world.citizen.get_full_name() in acted_as(event)
