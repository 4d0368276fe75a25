"""Where staff land after sign-in: each role where it has work to do."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse

from stegvis.organisation.models import Role
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, StaffFactory, assign


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, user) -> str:
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    code = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    return response["Location"]


def test_a_designer_lands_in_the_design_tool(world, client):
    assert _sign_in(client, world.designer) == reverse("wagtailadmin_home")


def test_a_publisher_lands_in_the_design_tool(world, client):
    publisher = assign(StaffFactory(), world.unit, Role.PUBLISHER)
    assert _sign_in(client, publisher) == reverse("wagtailadmin_home")


def test_a_designer_who_also_treats_lands_in_the_clinic(world, client):
    both = assign(StaffFactory(), world.unit, Role.DESIGNER, Role.PRACTITIONER)
    assert _sign_in(client, both) == reverse("clinic:start")


def test_a_practitioner_lands_in_the_clinic(world, client):
    assert _sign_in(client, world.practitioner) == reverse("clinic:start")


def test_the_clinic_links_designers_to_the_design_tool(world, login):
    html = login(world.designer).get(reverse("clinic:start")).content.decode()
    assert f'href="{reverse("wagtailadmin_home")}"' in html


def test_the_clinic_offers_no_design_tool_to_others(world, login):
    html = login(world.practitioner).get(reverse("clinic:start")).content.decode()
    assert f'href="{reverse("wagtailadmin_home")}"' not in html


def test_the_data_admin_start_page_says_what_the_role_is_for(world, login):
    html = login(world.data_admin).get(reverse("clinic:start")).content.decode()
    assert "dataadministratör" in html.lower()
    assert "statistik" in html


def test_others_are_not_told_about_the_data_admin_role(world, login):
    html = login(world.practitioner).get(reverse("clinic:start")).content.decode()
    assert "statistik" not in html
