"""Sign-in: password then TOTP for staff, password for demo citizens, rate limits, timeouts."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, CitizenFactory
from tests.signin import sign_in


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _code(offset: int = 0) -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30 + offset))


def test_staff_sign_in_needs_the_totp_code(world, client):
    response = client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the staff pages still ask for sign-in.
    assert "/accounts/login/" in client.get(reverse("clinic:start"))["Location"]
    response = client.post(reverse("mfa_authenticate"), {"code": _code()})
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic:start")
    assert client.get(reverse("clinic:start")).status_code == 200


def test_a_wrong_totp_code_does_not_sign_in(world, client):
    client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": TEST_PASSWORD}
    )
    wrong = "000000" if _code() != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(reverse("clinic:start")).status_code == 302


def test_demo_citizen_signs_in_with_password_and_lands_in_the_portal(world, client):
    response = client.post(
        reverse("account_login"), {"login": world.citizen.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("portal:home")


@override_settings(CITIZEN_PASSWORD_LOGIN=False)
def test_citizens_cannot_use_passwords_outside_the_demo(world, client):
    response = client.post(
        reverse("account_login"), {"login": world.citizen.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_wrong_password_gets_a_message(world, client):
    response = client.post(
        reverse("account_login"), {"login": world.citizen.email, "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_repeated_failed_sign_ins_are_rate_limited(world, client):
    citizen = CitizenFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": citizen.email, "password": "nope"})
    response = client.post(
        reverse("account_login"), {"login": citizen.email, "password": TEST_PASSWORD}
    )
    # Even the right password is refused until the window has passed.
    assert response.status_code in (200, 429)
    assert client.get(reverse("portal:home")).status_code == 302


def test_open_sign_up_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    response = client.post(
        reverse("account_signup"), {"email": "new@test.example", "password1": "a-Long-pass-123"}
    )
    from stegvis.organisation.models import User

    assert not User.objects.filter(email="new@test.example").exists()


def test_staff_idle_for_more_than_thirty_minutes_are_signed_out(world, login, client):
    login(world.practitioner)
    assert client.get(reverse("clinic:start")).status_code == 200
    session = client.session
    session["stegvis_last_seen"] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("clinic:start"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(reverse("clinic:start")).status_code == 302


def test_activity_within_the_limit_keeps_the_session(world, login, client):
    login(world.practitioner)
    client.get(reverse("clinic:start"))
    session = client.session
    session["stegvis_last_seen"] = time.time() - 29 * 60
    session.save()
    assert client.get(reverse("clinic:start")).status_code == 200


def test_sign_out_needs_post(world, login, client):
    login(world.citizen)
    client.get(reverse("account_logout"))
    assert client.get(reverse("portal:home")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("portal:home")).status_code == 302


def test_staff_cannot_remove_their_only_second_factor(world):
    from allauth.mfa.models import Authenticator

    from stegvis.accounts.adapters import MfaAdapter

    totp = Authenticator.objects.get(user=world.practitioner, type="totp")
    assert not MfaAdapter().can_delete_authenticator(totp)


def test_a_session_ends_after_the_absolute_limit_however_active(world, login, client):
    login(world.practitioner)
    client.get(reverse("clinic:start"))
    session = client.session
    session["stegvis_signed_in_at"] = time.time() - 13 * 3600
    session["stegvis_last_seen"] = time.time()
    session.save()
    response = client.get(reverse("clinic:start"))
    assert "/accounts/login/" in response["Location"]


def test_sign_out_everywhere_ends_the_other_sessions(world, client):
    from django.test import Client

    other_device = Client()
    sign_in(other_device, world.citizen)
    other_device.get(reverse("portal:home"))
    sign_in(client, world.citizen)
    client.get(reverse("portal:home"))
    response = client.post(reverse("usersessions_list"), {"action": "logout"})
    assert response.status_code in (200, 302)
    assert other_device.get(reverse("portal:home")).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
