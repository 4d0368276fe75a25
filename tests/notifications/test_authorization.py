"""Who may open each notifications URL."""

import pytest
from django.urls import reverse

from stegvis.notifications.models import Status
from tests.conftest import PERSONAS
from tests.factories import NotificationFactory

CITIZEN_URLS = [
    "portal:notification_settings",
    "portal:notification_verify_email",
    "portal:notification_verify_sms",
]
CITIZENS = {"citizen", "other_citizen"}
# Practitioners and citizen admins at the active unit.
PROBLEM_VIEWERS = {"practitioner", "citizen_admin"}
OTHER_UNITS = {"other_unit_practitioner", "foreign_staff"}


def _expect_denied(response):
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/accounts/login/" in response.url or "workplace" in response.url


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", CITIZEN_URLS)
def test_only_citizens_open_their_settings(world, login, persona, name):
    response = login(world.persona(persona)).get(reverse(name))
    if persona in CITIZENS:
        assert response.status_code == 200
    else:
        _expect_denied(response)


@pytest.fixture
def failed_here(world, start):
    enrollment = start()
    return NotificationFactory(
        enrollment=enrollment,
        status=Status.FAILED,
        last_error="SmsError (HTTP 503)",
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_treating_staff_see_notification_problems_at_their_own_unit(
    world, login, persona, failed_here
):
    response = login(world.persona(persona)).get(reverse("clinic:notification_problems"))
    if persona in PROBLEM_VIEWERS:
        assert response.status_code == 200
        assert "SmsError (HTTP 503)" in response.content.decode()
    elif persona in OTHER_UNITS:
        # Their own unit's page: this unit's problems never appear.
        assert response.status_code == 200
        assert "SmsError" not in response.content.decode()
    else:
        _expect_denied(response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_demo_outbox_is_for_signed_in_users(world, login, persona):
    response = login(world.persona(persona)).get(reverse("demo:outbox"))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response.url
    else:
        assert response.status_code in (200, 302)  # staff without MFA step go to it first


def test_the_demo_outbox_is_not_found_outside_the_demo(world, login, settings):
    settings.DEMO = False
    assert login(world.citizen).get(reverse("demo:outbox")).status_code == 404
