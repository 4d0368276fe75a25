"""API-klienter in the clinic: the provider admin creates, rotates and revokes clients."""

import pytest
from django.urls import reverse

from stegvis.api.models import ApiClient
from stegvis.audit.models import AccessEvent
from tests.api.conftest import make_client
from tests.plugins.queries import assert_page_queries

pytestmark = pytest.mark.django_db

FORM = {"name": "Journalsystem", "kind": "system", "scopes": ["system/*.read"]}


def test_the_provider_admin_creates_a_client_and_sees_the_secret_once(world, login):
    client = login(world.provider_admin)
    response = client.post(reverse("clinic:api_clients"), {**FORM, "units": [world.unit.pk]})
    assert response.status_code == 200
    created = ApiClient.objects.get(name="Journalsystem")
    page = response.content.decode()
    assert created.application.client_id in page
    assert "no-store" in response["Cache-Control"]
    assert list(created.units.all()) == [world.unit]
    # The secret is stored hashed, so the detail page cannot and does not show it.
    detail = client.get(reverse("clinic:api_client", args=[created.pk])).content.decode()
    assert created.application.client_secret not in page
    assert created.code in detail
    event = AccessEvent.objects.filter(action="api.client_create").get()
    assert event.actor == world.provider_admin and event.provider == world.provider


def test_a_bad_choice_of_scopes_is_explained_not_crashed(world, login):
    client = login(world.provider_admin)
    response = client.post(reverse("clinic:api_clients"), {**FORM, "scopes": ["patient/*.read"]})
    assert response.status_code == 200
    assert response.context["form"].errors["scopes"]
    response = client.post(reverse("clinic:api_clients"), {**FORM, "scopes": ["nonsense"]})
    assert response.context["form"].errors["scopes"]


def test_an_app_needs_a_redirect_uri(world, login):
    client = login(world.provider_admin)
    data = {**FORM, "kind": "patient_app", "scopes": ["patient/*.read"]}
    response = client.post(reverse("clinic:api_clients"), data)
    assert response.context["form"].errors["redirect_uris"]


def test_rotate_shows_a_new_secret_and_revoke_ends_the_client(world, login):
    issued = make_client(world)
    client = login(world.provider_admin)
    response = client.post(reverse("clinic:api_client_rotate", args=[issued.client.pk]))
    assert response.status_code == 200
    assert issued.client_id in response.content.decode()
    response = client.post(reverse("clinic:api_client_revoke", args=[issued.client.pk]))
    assert response.status_code == 302
    issued.client.refresh_from_db()
    assert issued.client.revoked_at is not None
    assert issued.client.revoked_by == world.provider_admin


@pytest.mark.parametrize(
    "persona", ["practitioner", "citizen_admin", "access_admin", "data_admin", "foreign_staff"]
)
def test_nobody_but_the_provider_admin_manages_clients(world, login, persona):
    issued = make_client(world)
    client = login(getattr(world, persona))
    assert client.get(reverse("clinic:api_clients")).status_code == 403
    url = reverse("clinic:api_client_revoke", args=[issued.client.pk])
    assert client.post(url).status_code == 403
    issued.client.refresh_from_db()
    assert issued.client.revoked_at is None


def test_another_providers_client_is_not_found(world, login):
    theirs = make_client(world, provider=world.other_provider)
    client = login(world.provider_admin)
    url = reverse("clinic:api_client", args=[theirs.client.pk])
    assert client.get(url).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(world, login):
    make_client(world)
    client = login(world.provider_admin)
    assert_page_queries(
        client,
        reverse("clinic:api_clients"),
        # session, user, MFA, roles,
        # provider, the clients, the units.
        7,
        grow=lambda: [make_client(world, name=f"K{n}") for n in range(3)],
    )


def test_the_detail_page_runs_a_fixed_number_of_queries(world, login):
    issued = make_client(world, units=[world.unit, world.other_unit])
    client = login(world.provider_admin)
    # As the list, with the client (and its application, provider and people) in one query.
    assert_page_queries(client, reverse("clinic:api_client", args=[issued.client.pk]), 7)


def test_the_pages_speak_swedish_and_the_menu_links_them(world, login):
    page = login(world.provider_admin).get(reverse("clinic:api_clients")).content.decode()
    assert "API-klienter hos Region Test" in page
    assert f'href="{reverse("clinic:api_clients")}"' in page
    assert "Skapa API-klient" in page
