"""Sign in as my test patient, and back (accounts/training_session.py): two sessions, no mixing."""

import pytest
from django.conf import settings
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import User
from stegvis.organisation.training import SESSION_KEY, is_test_personnummer
from tests.signin import write_steps


@pytest.fixture
def in_training(world, login):
    client = login(world.practitioner)
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    return client


def _as_test_patient(client):
    return client.post(reverse("clinic:training_test_patient"))


def test_outside_training_nobody_signs_in_as_a_test_patient(world, login):
    response = _as_test_patient(login(world.practitioner))
    assert response.status_code == 403
    assert not User.objects.filter(test_patient_of=world.practitioner).exists()


def test_the_test_patient_is_made_on_first_use_with_a_test_personnummer(world, in_training):
    response = _as_test_patient(in_training)
    assert response["Location"] == reverse("portal:home")
    patient = User.objects.get(test_patient_of=world.practitioner)
    assert patient.is_training and patient.is_citizen
    assert is_test_personnummer(patient.personnummer)
    page = in_training.get(reverse("portal:home")).content.decode()
    assert 'id="training-banner"' in page
    assert reverse("portal:training_back") in page


def test_the_staff_cookie_opens_nothing_while_the_test_patient_is_signed_in(world, in_training):
    staff_cookie = in_training.cookies[settings.SESSION_COOKIE_NAME].value
    _as_test_patient(in_training)
    patient_cookie = in_training.cookies[settings.SESSION_COOKIE_NAME].value
    assert patient_cookie != staff_cookie
    # The test patient's session is a citizen's: no staff page takes it.
    assert in_training.get(reverse("clinic:my_enrollments")).status_code == 403
    # The old staff cookie is signed out.
    in_training.cookies[settings.SESSION_COOKIE_NAME] = staff_cookie
    response = in_training.get(reverse("clinic:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_back_restores_the_staff_session_under_a_new_key(world, in_training):
    _as_test_patient(in_training)
    patient_cookie = in_training.cookies[settings.SESSION_COOKIE_NAME].value
    response = in_training.post(reverse("portal:training_back"))
    assert response["Location"] == reverse("clinic:start")
    staff_cookie = in_training.cookies[settings.SESSION_COOKIE_NAME].value
    assert staff_cookie != patient_cookie
    page = in_training.get(reverse("clinic:start"))
    assert page.status_code == 200
    assert page.context["user"] == world.practitioner
    assert 'id="training-banner"' in page.content.decode()
    # The test patient's cookie opens nothing now.
    in_training.cookies[settings.SESSION_COOKIE_NAME] = patient_cookie
    assert in_training.get(reverse("portal:home"))["Location"].startswith(reverse("account_login"))


def test_both_switches_are_in_the_access_log_by_the_staff_member(world, in_training):
    _as_test_patient(in_training)
    in_training.post(reverse("portal:training_back"))
    patient = User.objects.get(test_patient_of=world.practitioner)
    actions = list(
        AccessEvent.objects.filter(actor=world.practitioner, citizen=patient)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "training.test_patient_created",
        "training.test_patient_sign_in",
        "training.test_patient_sign_out",
    ]


def test_the_test_patient_session_passes_sign_in_checks_where_citizens_need_e_id(
    world, in_training, settings
):
    settings.CITIZEN_PASSWORD_LOGIN = False
    _as_test_patient(in_training)
    assert in_training.get(reverse("portal:home")).status_code == 200


@pytest.mark.parametrize("who", ["citizen", "practitioner"])
def test_a_training_record_signs_nobody_else_in(world, client, who):
    user = getattr(world, who)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    write_steps(client, user, [{"method": "training", "at": 0}])
    home = reverse("portal:home") if who == "citizen" else reverse("clinic:start")
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_citizen_not_opened_from_staff_cannot_go_back(world, login):
    assert login(world.citizen).post(reverse("portal:training_back")).status_code == 403


def test_a_test_practitioner_signs_in_as_their_own_test_patient(world, login):
    from stegvis.organisation.models import Role
    from tests.factories import StaffFactory, assign

    tester = assign(StaffFactory(is_training=True), world.unit, Role.PRACTITIONER)
    client = login(tester)
    assert _as_test_patient(client)["Location"] == reverse("portal:home")
    assert User.objects.get(test_patient_of=tester).is_training
