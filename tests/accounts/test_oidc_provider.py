"""OpenID Connect sign-in against a real provider (django-oauth-toolkit, tests/idp/) over HTTP:
citizens created on first sign-in, staff matched by HSA-id, and what Stegvis refuses."""

import pytest
from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.test import Client
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import User
from tests.idp.fixture import (
    CITIZEN_PNR,
    LOA3,
    STRONG_HSA,
    WEAK_HSA,
    oidc_idp,  # noqa: F401
    stegvis_oidc_settings,
)
from tests.idp.flow import sign_in_over_http


@pytest.fixture
def oidc(settings, oidc_idp):  # noqa: F811
    stegvis_oidc_settings(settings, oidc_idp)
    return oidc_idp


def _methods(client) -> list[dict]:
    request = type("R", (), {"session": client.session})()
    user = User.objects.get(pk=client.session["_auth_user_id"])
    return get_authentication_records(request, user)


def test_a_first_time_citizen_is_created_with_no_form(db, oidc):
    client = Client()
    response = sign_in_over_http(client, "eid", "new-citizen")
    assert response.status_code == 302
    assert "/accounts/" not in response["Location"]
    citizen = User.objects.get(personnummer=CITIZEN_PNR)
    assert citizen.kind == User.Kind.CITIZEN
    assert citizen.first_name == "Nya"
    assert client.get(response["Location"], follow=True).status_code == 200
    assert [record["method"] for record in _methods(client)] == ["socialaccount"]


def test_a_registered_citizen_is_linked_by_personnummer(db, oidc):
    from tests.factories import CitizenFactory

    citizen = CitizenFactory(personnummer=CITIZEN_PNR)
    client = Client()
    sign_in_over_http(client, "eid", "new-citizen")
    assert int(client.session["_auth_user_id"]) == citizen.pk
    assert User.objects.filter(personnummer=CITIZEN_PNR).count() == 1


@pytest.mark.parametrize("username", ["no-personnummer", "bad-personnummer"])
def test_a_missing_or_invalid_personnummer_gets_a_clear_page(db, oidc, username, caplog):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = sign_in_over_http(client, "eid", username)
    assert response.status_code == 403
    assert "did not give a valid personnummer" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessEvent.objects.filter(action="oidc_sign_in_refused:personnummer").exists()
    assert "19900101" not in caplog.text
    assert not User.objects.filter(kind=User.Kind.CITIZEN, personnummer__startswith="1990").exists()


def test_staff_with_a_strong_idp_sign_in_need_no_totp(db, oidc):
    from tests.factories import StaffFactory

    staff = StaffFactory(hsa_id=STRONG_HSA)
    client = Client()
    response = sign_in_over_http(client, "siths", "strong-staff")
    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_authenticate")
    assert int(client.session["_auth_user_id"]) == staff.pk
    mfa = [record for record in _methods(client) if record["method"] == "mfa"]
    assert mfa[0]["type"] == "idp_assurance"
    assert mfa[0]["acr"] == LOA3
    assert client.get(response["Location"], follow=True).status_code == 200


def test_staff_with_a_weak_idp_sign_in_are_asked_for_their_totp(db, oidc):
    from tests.factories import StaffFactory, has_totp

    staff = StaffFactory(hsa_id=WEAK_HSA)
    assert has_totp(staff)
    client = Client()
    response = sign_in_over_http(client, "siths", "weak-staff")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_unknown_staff_are_refused_and_never_created(db, oidc):
    count = User.objects.count()
    client = Client()
    response = sign_in_over_http(client, "siths", "unknown-staff")
    assert response.status_code == 403
    assert User.objects.count() == count


@pytest.mark.parametrize(
    ("username", "tamper"),
    [
        ("new-citizen", True),
        ("expired-token", False),
        ("wrong-audience", False),
        ("forged-nonce", False),
    ],
    ids=["tampered-state", "expired-token", "wrong-audience", "forged-nonce"],
)
def test_a_bad_callback_is_refused_cleanly(db, oidc, username, tamper):
    client = Client(raise_request_exception=False)
    response = sign_in_over_http(client, "eid", username, tamper_state=tamper)
    assert response.status_code in (400, 401, 403)
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(personnummer=CITIZEN_PNR).exists()


@pytest.mark.parametrize(
    ("username", "hsa_id", "lands_in"),
    [("strong-staff", STRONG_HSA, "clinic:start"), ("weak-staff", WEAK_HSA, "mfa_activate_totp")],
)
def test_staff_without_totp_need_none_after_a_strong_sign_in_only(
    db, oidc, username, hsa_id, lands_in
):
    from stegvis.organisation.models import Role
    from tests.factories import StaffFactory, UnitFactory, assign

    staff = StaffFactory(hsa_id=hsa_id, with_totp=False)
    # Staff who sign in through the IdP need no password (the HSA import gives them none).
    staff.set_unusable_password()
    staff.save()
    assign(staff, UnitFactory(), Role.PRACTITIONER)
    client = Client()
    response = sign_in_over_http(client, "siths", username)
    response = client.get(response["Location"], follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse(lands_in)


def test_a_strong_idp_sign_in_left_pending_never_spares_a_later_password_sign_in_its_totp(db):
    """A stale assurance (a sign-in that stopped before the MFA stage) must not carry over."""
    import time

    from stegvis.accounts.identity import PENDING_ASSURANCE_KEY
    from tests.factories import TEST_PASSWORD, StaffFactory

    staff = StaffFactory()
    client = Client()
    client.get(reverse("account_login"))
    session = client.session
    session[PENDING_ASSURANCE_KEY] = {
        "user": staff.pk,
        "provider": "siths",
        "acr": LOA3,
        "at": time.time(),
    }
    session.save()
    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
