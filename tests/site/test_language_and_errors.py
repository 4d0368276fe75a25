"""Swedish by default, English on request; friendly error pages."""

from django.test import override_settings
from django.urls import reverse


def test_pages_are_swedish_by_default(client, db):
    response = client.get(reverse("account_login"))
    assert '<html lang="sv">' in response.text
    assert "Logga in" in response.text


def test_english_can_be_chosen(client, db):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("account_login")}
    )
    assert response.status_code == 302
    response = client.get(reverse("account_login"))
    assert '<html lang="en">' in response.text
    assert "Sign in" in response.text


def test_the_landing_page_sends_signed_in_people_to_their_portal(world, login):
    assert login(world.practitioner).get("/")["Location"] == reverse("clinic:start")
    assert login(world.citizen).get("/")["Location"] == reverse("portal:home")


@override_settings(DEBUG=False)
def test_an_unknown_page_gets_the_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Sidan kunde inte hittas" in response.text or "could not be found" in response.text


def test_a_forbidden_page_explains_itself(world, login):
    response = login(world.practitioner).get(reverse("clinic:staff"))
    assert response.status_code == 403
    assert "access admin" in response.text or "behörighetsadministratör" in response.text


def test_every_response_carries_a_request_id(client, db):
    response = client.get("/")
    assert len(response["X-Request-ID"]) == 32
