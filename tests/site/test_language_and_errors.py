"""Swedish by default, English on request; friendly error pages."""

from datetime import date

from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format


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


def test_a_browser_asking_for_english_still_gets_swedish(client, db):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.text
    assert response["Content-Language"] == "sv"


def test_the_chosen_language_is_remembered_for_a_year(client, db):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("account_login")}
    )
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="sv-SE")
    assert '<html lang="en">' in response.text


def test_an_unknown_language_cookie_falls_back_to_swedish(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    response = client.get(reverse("account_login"))
    assert '<html lang="sv">' in response.text


def test_dates_follow_the_language_and_are_never_us_style():
    day = date(2026, 3, 4)
    with translation.override("sv"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "2026-03-04"
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "04/03/2026"
