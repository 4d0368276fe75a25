"""The training environment (docs/training.md): two worlds, training mode and a unit's reset."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Enrollment
from stegvis.care.services.enrollment import practitioners_at
from stegvis.organisation import services as organisation
from stegvis.organisation.models import Role
from stegvis.organisation.training import SESSION_KEY, in_training, is_test_personnummer
from tests.factories import CitizenFactory, StaffFactory, assign
from tests.plugins.queries import assert_page_queries

TEST_NUMBER = "199001019828"  # birth number 982: the test series


@pytest.fixture
def tester(world):
    """A test practitioner with the same roles as the real practitioner and citizen admin."""
    return assign(StaffFactory(is_training=True), world.unit, Role.PRACTITIONER, Role.CITIZEN_ADMIN)


@pytest.fixture
def test_citizen():
    return CitizenFactory(personnummer=TEST_NUMBER, is_training=True, first_name="Testa")


def _training_mode(client):
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    return client


def test_the_test_series_is_birth_numbers_980_to_999():
    assert is_test_personnummer(TEST_NUMBER)
    assert not is_test_personnummer("191212121212")


def test_a_test_practitioner_finds_no_real_citizen(world, tester):
    found = organisation.search_citizen(
        actor=tester, unit=world.unit, personnummer=world.citizen.personnummer
    )
    assert found is None


def test_real_staff_find_no_test_citizen_outside_training(world, test_citizen):
    found = organisation.search_citizen(
        actor=world.citizen_admin, unit=world.unit, personnummer=TEST_NUMBER
    )
    assert found is None


def test_a_test_practitioner_cannot_enroll_a_real_citizen(world, tester, start):
    with pytest.raises(ValidationError) as refused:
        start(citizen=world.citizen, practitioner=tester, actor=tester)
    assert refused.value.code == "other_world"


def test_real_staff_cannot_enroll_a_test_citizen_outside_training(world, test_citizen, start):
    with pytest.raises(ValidationError) as refused:
        start(citizen=test_citizen)
    assert refused.value.code == "other_world"


def test_a_test_practitioner_enrolls_a_test_citizen_as_training(world, tester, test_citizen, start):
    enrollment = start(citizen=test_citizen, practitioner=tester, actor=tester)
    assert enrollment.is_training


def test_a_test_practitioner_is_never_offered_for_a_real_enrollment(world, tester, start):
    assert tester not in practitioners_at(world.unit, training=False)
    assert tester in practitioners_at(world.unit, training=True)
    with pytest.raises(ValidationError):
        start(practitioner=tester)


def test_training_mode_is_switched_in_the_session_and_marks_every_page(world, login):
    client = login(world.practitioner)
    response = client.post(reverse("clinic:training_mode"), {"mode": "on"})
    assert response["Location"] == reverse("clinic:start")
    assert client.session[SESSION_KEY] is True
    page = client.get(reverse("clinic:my_enrollments")).content.decode()
    assert 'id="training-banner"' in page
    assert "Utbildningsmiljö" in page  # Swedish unless English is chosen
    client.post(reverse("clinic:training_mode"), {"mode": "off"})
    assert SESSION_KEY not in client.session
    assert 'id="training-banner"' not in client.get(reverse("clinic:start")).content.decode()


def test_a_test_practitioner_is_always_in_training_and_cannot_leave(world, tester, login):
    client = login(tester)
    assert 'id="training-banner"' in client.get(reverse("clinic:start")).content.decode()
    assert client.post(reverse("clinic:training_mode"), {"mode": "off"}).status_code == 403
    assert in_training(tester)


def test_mina_shows_each_world_its_own_enrollments(world, tester, test_citizen, start, login):
    real = start()
    training = start(citizen=test_citizen, practitioner=tester, actor=tester)
    Enrollment.objects.filter(pk=training.pk).update(practitioner=world.practitioner)
    client = login(world.practitioner)
    rows = client.get(reverse("clinic:my_enrollments")).context["page"]
    assert [e.pk for e in rows] == [real.pk]
    _training_mode(client)
    rows = client.get(reverse("clinic:my_enrollments")).context["page"]
    assert [e.pk for e in rows] == [training.pk]
    assert client.get(reverse("clinic:enrollment", args=[real.pk])).status_code == 404


def test_a_real_citizen_never_sees_a_training_enrollment(world, start, login):
    legacy = start()  # made before the worlds were kept apart
    Enrollment.objects.filter(pk=legacy.pk).update(is_training=True)
    client = login(world.citizen)
    assert client.get(reverse("portal:program", args=[legacy.pk])).status_code == 404
    assert legacy.release.name not in client.get(reverse("portal:home")).content.decode()


def test_in_training_only_test_personnummer_are_registered(world, tester):
    with pytest.raises(ValidationError):
        organisation.register_citizen(
            actor=tester,
            unit=world.unit,
            personnummer="191212121212",
            first_name="A",
            last_name="B",
        )
    citizen = organisation.register_citizen(
        actor=tester, unit=world.unit, personnummer=TEST_NUMBER, first_name="A", last_name="B"
    )
    assert citizen.is_training
    with pytest.raises(ValidationError):
        organisation.register_citizen(
            actor=world.citizen_admin,
            unit=world.unit,
            personnummer="199001019836",
            first_name="A",
            last_name="B",
        )


# A unit's reset


def test_only_the_provider_admin_resets_a_units_training_data(world, login):
    url = reverse("clinic:training_reset", args=[world.unit.pk])
    for persona in (world.practitioner, world.citizen_admin, world.access_admin):
        assert login(persona).post(url, {"confirm": "yes"}).status_code in (302, 403)
        assert login(persona).get(url).status_code in (302, 403)
    assert login(world.provider_admin).get(url).status_code == 200


def test_the_reset_needs_the_confirmation(world, tester, test_citizen, start, login):
    training = start(citizen=test_citizen, practitioner=tester, actor=tester)
    url = reverse("clinic:training_reset", args=[world.unit.pk])
    response = login(world.provider_admin).post(url, {})
    assert response.status_code == 200
    assert Enrollment.objects.filter(pk=training.pk).exists()


def test_the_reset_deletes_training_data_only_and_is_logged(
    world, tester, test_citizen, start, login
):
    real = start()
    training = start(citizen=test_citizen, practitioner=tester, actor=tester)
    url = reverse("clinic:training_reset", args=[world.unit.pk])
    response = login(world.provider_admin).post(url, {"confirm": "yes"})
    assert response["Location"] == reverse("clinic:unit_detail", args=[world.unit.pk])
    assert not Enrollment.objects.filter(pk=training.pk).exists()
    assert Enrollment.objects.filter(pk=real.pk).exists()
    events = AccessEvent.objects.filter(action="training.reset", actor=world.provider_admin)
    assert {e.citizen_id for e in events} == {test_citizen.pk, None}


def test_the_reset_page_reads_in_fixed_queries(world, tester, test_citizen, start, login):
    client = login(world.provider_admin)
    url = reverse("clinic:training_reset", args=[world.unit.pk])

    def grow():
        start(citizen=test_citizen, practitioner=tester, actor=tester)

    assert_page_queries(client, url, 7, grow=grow)


def test_the_start_page_in_training_reads_in_fixed_queries(world, login):
    client = _training_mode(login(world.practitioner))
    # 15: with the unit's current driftinformation (bulletins).
    assert_page_queries(client, reverse("clinic:start"), 8)


def test_a_training_enrollment_takes_test_persons_as_relatives_only(
    world, tester, test_citizen, start
):
    from stegvis.relatives.services import invite_relative

    training = start(citizen=test_citizen, practitioner=tester, actor=tester)
    with pytest.raises(ValidationError) as refused:
        invite_relative(
            actor=tester,
            enrollment=training,
            personnummer=world.other_citizen.personnummer,
            relation="relative",
            may_message=False,
        )
    assert refused.value.code == "training_personnummer"
    grant = invite_relative(
        actor=tester,
        enrollment=training,
        personnummer="198001019820",
        relation="relative",
        may_message=False,
        first_name="Test",
        last_name="Anhörig",
    )
    assert grant.relative.is_training
