"""Issue 12: pages that change a second factor or recovery codes need a session that passed one.

The attack: from a password-only session, reauthenticate with the password and generate
recovery codes, which then pass the real second-factor step for good.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from stegvis.organisation.models import Role
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, StaffFactory, assign
from tests.signin import ALLAUTH_BACKEND, sign_in

PASSWORD_ONLY = [{"method": "password", "at": 0}]


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _second_factor_pages(webauthn_pk: int) -> list[str]:
    return [
        reverse("mfa_index"),
        reverse("account_reauthenticate"),
        reverse("mfa_reauthenticate"),
        reverse("mfa_activate_totp"),
        reverse("mfa_deactivate_totp"),
        reverse("mfa_view_recovery_codes"),
        reverse("mfa_generate_recovery_codes"),
        reverse("mfa_download_recovery_codes"),
        reverse("mfa_list_webauthn"),
        reverse("mfa_add_webauthn"),
        reverse("mfa_reauthenticate_webauthn"),
        reverse("mfa_remove_webauthn", args=[webauthn_pk]),
        reverse("mfa_edit_webauthn", args=[webauthn_pk]),
    ]


def _authenticators(user) -> list[tuple]:
    return list(
        Authenticator.objects.filter(user=user).order_by("pk").values_list("pk", "type", "data")
    )


@pytest.mark.parametrize("forged", ["bare login", "password only"])
def test_no_second_factor_page_answers_a_session_without_the_second_factor(world, client, forged):
    staff = world.practitioner
    webauthn = Authenticator.objects.create(user=staff, type="webauthn", data={"name": "key"})
    before = _authenticators(staff)
    for url in _second_factor_pages(webauthn.pk):
        for method in ("get", "post"):
            client.logout()
            if forged == "bare login":
                client.force_login(staff, backend=ALLAUTH_BACKEND)
            else:
                sign_in(client, staff, steps=PASSWORD_ONLY)
            response = getattr(client, method)(url, {"password": TEST_PASSWORD})
            assert not 200 <= response.status_code < 300, f"{method.upper()} {url}"
            assert response["Location"].startswith(reverse("account_login")), url
            assert SESSION_KEY not in client.session, url
    assert _authenticators(staff) == before


def test_reauthenticating_by_password_does_not_hand_out_recovery_codes(world, client):
    staff = world.practitioner
    sign_in(client, staff, steps=PASSWORD_ONLY)

    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.post(reverse("mfa_generate_recovery_codes"))
    codes = client.get(reverse("mfa_view_recovery_codes"))

    assert not Authenticator.objects.filter(user=staff, type="recovery_codes").exists()
    assert codes.status_code == 302
    assert SESSION_KEY not in client.session


def test_a_session_that_passed_the_second_factor_may_generate_recovery_codes(world, client):
    staff = world.practitioner
    sign_in(client, staff)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type="recovery_codes").exists()


def test_staff_setting_up_their_first_totp_may_go_on_in_that_session(world, client):
    newcomer = assign(StaffFactory(with_totp=False), world.unit, Role.PRACTITIONER)
    client.post(reverse("account_login"), {"login": newcomer.email, "password": TEST_PASSWORD})
    assert client.get(reverse("clinic:start"))["Location"] == reverse("mfa_activate_totp")
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=newcomer, type="totp").exists()
    assert client.get(reverse("clinic:start")).status_code == 200


def test_a_first_factor_added_elsewhere_ends_a_password_only_session(world, client):
    newcomer = assign(StaffFactory(with_totp=False), world.unit, Role.PRACTITIONER)
    client.post(reverse("account_login"), {"login": newcomer.email, "password": TEST_PASSWORD})
    assert SESSION_KEY in client.session
    # The newcomer (or an attacker with their password) is signed in by password alone, until
    # a second factor exists: from then on this session is no longer enough.
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(newcomer, TEST_TOTP_SECRET)
    assert client.get(reverse("clinic:start"))["Location"].startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session
