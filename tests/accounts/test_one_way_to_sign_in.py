"""Issue 12, the attacks on sign-in: Wagtail's and Django admin's forms, lockout, forged sessions.

There is one way to sign in, allauth's. Every other sign-in, sign-out and password view sends
the visitor there, and a session that skipped one of allauth's steps is ended on its next
request (`CompletedSignInMiddleware`).
"""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from stegvis.organisation.models import User
from tests.factories import TEST_PASSWORD
from tests.portal.fixtures import make_enrollment, make_release
from tests.signin import ALLAUTH_BACKEND, sign_in

WAGTAIL_LOGIN = "/design/login/"
ADMIN_LOGIN = "/django-admin/login/"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enrollment(world):
    release = make_release(world.provider, world.unit)
    return make_enrollment(world.citizen, world.unit, release, practitioner=world.practitioner)


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def _wagtail_sign_in(client, user, password=TEST_PASSWORD):
    return client.post(WAGTAIL_LOGIN, {"username": user.email, "password": password})


def test_a_staff_password_posted_to_wagtails_sign_in_opens_no_patient(world, client, enrollment):
    response = _wagtail_sign_in(client, world.practitioner)

    assert response.status_code == 303
    assert response["Location"] == reverse("account_login")
    assert not _signed_in(client)
    page = client.get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))


def test_wagtails_sign_in_page_sends_to_allauths_keeping_a_safe_next(client, db):
    response = client.get(WAGTAIL_LOGIN, {"next": "/design/pages/"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fdesign%2Fpages%2F"

    response = client.get(WAGTAIL_LOGIN, {"next": "https://evil.example/design/"})
    assert response["Location"] == reverse("account_login")


@pytest.mark.parametrize(
    "path",
    [
        "/design/password_reset/",
        "/design/password_reset/done/",
        "/design/password_reset/confirm/MQ/set-password/",
        "/design/password_reset/complete/",
    ],
)
def test_wagtails_password_reset_sends_to_allauths(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password")


def test_wagtails_sign_out_is_allauths_sign_out(world, login, client):
    login(world.designer)
    response = client.post("/design/logout/", {"next": "/design/"})
    assert response.status_code == 307
    assert response["Location"] == f"{reverse('account_logout')}?next=%2Fdesign%2F"
    client.post(response["Location"])
    assert not _signed_in(client)


def test_django_admins_sign_in_form_signs_no_one_in(client, db):
    User.objects.create_superuser("operator@test.example", TEST_PASSWORD)
    response = client.post(
        ADMIN_LOGIN, {"username": "operator@test.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _signed_in(client)
    assert client.get(reverse("admin:index"))["Location"].startswith(ADMIN_LOGIN)


def _post_password(client, path, user, password):
    if path == reverse("account_login"):
        return client.post(path, {"login": user.email, "password": password})
    return client.post(path, {"username": user.email, "password": password})


@pytest.mark.parametrize("path", ["/accounts/login/", WAGTAIL_LOGIN, ADMIN_LOGIN])
def test_twelve_wrong_passwords_then_the_right_one_sign_in_nowhere(world, client, path):
    for _ in range(12):
        _post_password(client, path, world.practitioner, "wrong-password")
    _post_password(client, path, world.practitioner, TEST_PASSWORD)

    assert not _signed_in(client)
    assert client.get(reverse("clinic:start")).status_code == 302


def test_while_allauth_has_the_account_locked_no_other_form_signs_in(world, client):
    for _ in range(12):
        _post_password(client, reverse("account_login"), world.practitioner, "wrong-password")
    for path in (WAGTAIL_LOGIN, ADMIN_LOGIN):
        _post_password(client, path, world.practitioner, TEST_PASSWORD)
        assert not _signed_in(client), path


def test_a_bare_login_without_allauths_records_is_ended(world, client, enrollment):
    client.force_login(world.practitioner, backend=ALLAUTH_BACKEND)

    response = client.get(reverse("clinic:enrollment", args=[enrollment.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _signed_in(client)


def test_a_staff_session_that_stopped_after_the_password_is_ended(world, client, enrollment):
    sign_in(client, world.practitioner, steps=[{"method": "password", "at": 0}])

    response = client.get(reverse("clinic:enrollment", args=[enrollment.pk]))

    assert response.status_code == 302
    assert not _signed_in(client)


def test_a_staff_session_that_passed_the_second_factor_opens_the_patient(world, client, enrollment):
    sign_in(client, world.practitioner)
    assert client.get(reverse("clinic:enrollment", args=[enrollment.pk])).status_code == 200


def test_records_of_another_user_do_not_count(world, client, enrollment):
    sign_in(client, world.practitioner)
    session = client.session
    session["account_authentication_methods_user"] = str(world.citizen_admin.pk)
    session.save()
    assert client.get(reverse("clinic:enrollment", args=[enrollment.pk])).status_code == 302
    assert not _signed_in(client)


@override_settings(CITIZEN_PASSWORD_LOGIN=False)
def test_in_production_a_citizen_password_at_wagtails_sign_in_opens_nothing(
    world, client, enrollment
):
    _wagtail_sign_in(client, world.citizen)

    assert not _signed_in(client)
    assert client.get(reverse("portal:program", args=[enrollment.pk])).status_code == 302


@override_settings(CITIZEN_PASSWORD_LOGIN=False)
def test_in_production_a_citizen_session_without_e_id_is_ended(world, client, enrollment):
    sign_in(client, world.citizen, steps=[{"method": "password", "at": 0}])

    assert client.get(reverse("portal:program", args=[enrollment.pk])).status_code == 302
    assert not _signed_in(client)


@override_settings(CITIZEN_PASSWORD_LOGIN=False)
def test_in_production_a_citizen_signed_in_by_e_id_opens_their_program(world, client, enrollment):
    sign_in(client, world.citizen)
    assert client.get(reverse("portal:program", args=[enrollment.pk])).status_code == 200


def test_in_the_demo_a_citizen_password_session_is_signed_in(world, client, enrollment):
    sign_in(client, world.citizen, steps=[{"method": "password", "at": 0}])
    assert client.get(reverse("portal:program", args=[enrollment.pk])).status_code == 200
