"""Starta moment: pick a program, find the citizen by personnummer (POST only), start."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Enrollment

URL = "/clinic/care/start/"


def _data(world, release, **overrides):
    data = {
        "release": release.pk,
        "personnummer": world.citizen.personnummer,
        "practitioner": world.practitioner.pk,
        "start_date": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def test_the_url_is_the_named_one():
    assert reverse("clinic:enrollment_start") == URL


def test_the_form_defaults_to_the_acting_practitioner_and_today(world, login, release):
    response = login(world.practitioner).get(URL)
    form = response.context["form"]
    assert form.initial["practitioner"] == world.practitioner.pk
    assert form.initial["start_date"] == timezone.localdate()
    assert release.name in response.content.decode()


def test_a_citizen_admin_is_not_offered_as_practitioner(world, login, release):
    form = login(world.citizen_admin).get(URL).context["form"]
    assert "practitioner" not in form.initial
    assert list(form.fields["practitioner"].queryset) == [world.practitioner]


def test_starting_redirects_to_hantera_without_the_personnummer_in_the_url(world, login, release):
    response = login(world.practitioner).post(URL, _data(world, release))
    enrollment = Enrollment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic:enrollment", args=[enrollment.pk])
    assert world.citizen.personnummer not in response["Location"]
    assert AccessEvent.objects.filter(action="citizen.lookup", citizen=world.citizen).exists()


def test_an_unknown_personnummer_keeps_what_was_typed(world, login, release):
    response = login(world.practitioner).post(
        URL, _data(world, release, personnummer="19121212-1212")
    )
    assert response.status_code == 200
    assert "personnummer" in response.context["form"].errors
    assert 'value="191212121212"' in response.content.decode() or "19121212" in (
        response.content.decode()
    )
    assert not Enrollment.objects.exists()


def test_an_invalid_personnummer_gets_a_message_not_a_500(world, login, release):
    response = login(world.practitioner).post(URL, _data(world, release, personnummer="123"))
    assert response.status_code == 200
    assert "personnummer" in response.context["form"].errors


def test_a_service_refusal_is_shown_on_the_form(world, login, release):
    client = login(world.practitioner)
    client.post(URL, _data(world, release))
    response = client.post(URL, _data(world, release))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Enrollment.objects.count() == 1


def test_a_start_date_far_ahead_is_a_field_error(world, login, release):
    far = (timezone.localdate() + dt.timedelta(days=800)).isoformat()
    response = login(world.practitioner).post(URL, _data(world, release, start_date=far))
    assert "start_date" in response.context["form"].errors


def test_a_release_of_another_unit_cannot_be_chosen(world, login, release):
    from stegvis.catalog.services import create_release
    from tests.care_documents import care_document

    other = create_release(actor=None, owner=world.provider, document=care_document(key="x"))
    data = {**_data(world, release), "release": other.pk}
    response = login(world.practitioner).post(URL, data)
    assert "release" in response.context["form"].errors
