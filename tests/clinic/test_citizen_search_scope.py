"""Invånare: a practitioner of another region finds a citizen but reads neither name nor e-mail."""

import pytest
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import Role
from tests.factories import StaffFactory, assign
from tests.portal.fixtures import make_enrollment, make_release


@pytest.fixture
def enrolled(world):
    make_enrollment(world.citizen, world.unit, make_release(world.provider, world.unit))
    return world.citizen


def _search(client, citizen):
    return client.post(
        reverse("clinic:citizens"), {"personnummer": citizen.personnummer_display}, follow=True
    )


def test_a_practitioner_of_another_region_sees_only_found_no_relationship(world, login, enrolled):
    outsider = assign(StaffFactory(), world.foreign_unit, Role.PRACTITIONER)
    client = login(outsider)
    response = _search(client, enrolled)
    assert response.redirect_chain[-1][0] == reverse("clinic:citizens")
    html = response.text
    assert "ingen vårdrelation vid din enhet" in html
    assert enrolled.first_name not in html and enrolled.last_name not in html
    assert enrolled.email not in html
    detail = client.get(reverse("clinic:citizen_detail", args=[enrolled.pk]))
    assert detail.status_code == 404
    event = AccessEvent.objects.get(action="citizen.lookup")
    assert (event.provider_id, event.unit_id) == (world.provider.pk, world.foreign_unit.pk)


def test_a_citizen_admin_of_another_region_sees_the_name_but_never_the_e_mail(
    world, login, enrolled
):
    response = _search(login(world.foreign_staff), enrolled)
    assert response.redirect_chain[-1][0] == reverse("clinic:citizen_detail", args=[enrolled.pk])
    html = response.text
    assert enrolled.get_full_name() in html
    assert enrolled.email not in html
    assert "ingen vårdrelation vid den här enheten" in html
    assert reverse("clinic:enrollment_start") in html


def test_the_practitioner_of_the_unit_in_care_sees_the_profile_without_e_mail(
    world, login, enrolled
):
    response = _search(login(world.practitioner), enrolled)
    html = response.text
    assert enrolled.get_full_name() in html
    assert enrolled.email not in html
    assert "ingen vårdrelation" not in html
