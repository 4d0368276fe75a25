"""Inviting a relative or guardian from Hantera: the account is found or created; bad input is
refused with a clear message and everything typed comes back."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from stegvis.care.models import Phase
from stegvis.organisation.models import User
from stegvis.relatives.models import RelativeGrant
from tests.relatives.conftest import NEW_PERSON


def invite_url(rw) -> str:
    return reverse("clinic:relative_invite", args=[rw.enrollment.pk])


def post(client, rw, **data):
    body = {"relation": "guardian", "may_message": "on", "module_keys": ["m1"], **data}
    return client.post(invite_url(rw), body)


def test_the_invite_form_offers_the_releases_modules(relative_world, login):
    content = login(relative_world.world.practitioner).get(invite_url(relative_world)).content
    text = content.decode()
    for title in ("Kom igång", "Vardagen", "Framåt", "Uppföljning"):
        assert title in text
    assert re.search(r'name="may_message"[^>]*checked', text)


def test_a_new_person_gets_a_citizen_account_and_a_grant(relative_world, login):
    client = login(relative_world.world.practitioner)
    with mock.patch("stegvis.relatives.services.notify") as notify:
        response = post(
            client,
            relative_world,
            personnummer=NEW_PERSON,
            first_name="Vera",
            last_name="Vårdnadshavare",
        )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/clinic/care/{relative_world.enrollment.pk}/#relatives")
    person = User.objects.get(personnummer="191212121212")
    assert person.is_citizen and person.get_full_name() == "Vera Vårdnadshavare"
    grant = RelativeGrant.objects.get(relative=person)
    assert grant.enrollment == relative_world.enrollment
    assert grant.relation == "guardian" and grant.may_message and grant.module_keys == ["m1"]
    assert grant.invited_by == relative_world.world.practitioner
    # The citizen is an adult: the invitation waits for their approval, and they are the one
    # told (docs/relatives.md); the guardian hears nothing until then.
    assert grant.is_pending and grant.approval == ""
    notify.assert_called_once()
    args, kwargs = notify.call_args
    assert args[0] == relative_world.enrollment.citizen
    assert kwargs["key"] == f"relative-grant-approval:{grant.pk}"


def test_an_existing_citizen_is_found_by_personnummer(relative_world, login):
    existing = relative_world.other_relative
    client = login(relative_world.world.citizen_admin)
    response = post(
        client,
        relative_world,
        personnummer=existing.personnummer_display,
        relation="relative",
        may_message="",
    )
    assert response.status_code == 302
    grant = RelativeGrant.objects.get(relative=existing, enrollment=relative_world.enrollment)
    assert not grant.may_message and grant.relation == "relative"
    assert User.objects.filter(personnummer=existing.personnummer).count() == 1


def test_a_samordningsnummer_is_accepted(relative_world, login):
    client = login(relative_world.world.practitioner)
    # 1912-12-72 (day 12 + 60), Luhn digit for 121272-1219.
    from stdnum import luhn

    base = "121272121"
    number = f"19{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"
    response = post(client, relative_world, personnummer=number, first_name="Sam", last_name="Ord")
    assert response.status_code == 302
    assert RelativeGrant.objects.filter(relative__first_name="Sam").exists()


def _assert_kept(content: str, *values: str) -> None:
    for value in values:
        assert f'value="{value}"' in content, value


def test_a_bad_personnummer_is_refused_and_everything_typed_is_kept(relative_world, login):
    client = login(relative_world.world.practitioner)
    response = post(
        client, relative_world, personnummer="19121212-1213", first_name="Vera", last_name="Vård"
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "giltigt personnummer" in content
    _assert_kept(content, "19121212-1213", "Vera", "Vård")
    assert re.search(r'value="m1"[^>]*checked', content)
    assert re.search(r'name="may_message"[^>]*checked', content)
    assert not RelativeGrant.objects.filter(relative__first_name="Vera").exists()


def test_the_citizen_cannot_be_their_own_relative(relative_world, login):
    client = login(relative_world.world.practitioner)
    citizen = relative_world.world.citizen
    response = post(client, relative_world, personnummer=citizen.personnummer_display)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Invånaren kan inte vara sin egen anhörig" in content
    _assert_kept(content, citizen.personnummer_display)
    assert not RelativeGrant.objects.filter(relative=citizen).exists()


def test_someone_who_already_has_access_is_not_invited_twice(relative_world, login):
    client = login(relative_world.world.practitioner)
    existing = relative_world.relative
    response = post(client, relative_world, personnummer=existing.personnummer_display)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Personen har redan tillgång till momentet." in content
    assert RelativeGrant.objects.filter(relative=existing, ended_at__isnull=True).count() == 1


def test_a_removed_relative_can_be_invited_again(relative_world, login):
    client = login(relative_world.world.practitioner)
    person = relative_world.ended_relative
    response = post(client, relative_world, personnummer=person.personnummer_display)
    assert response.status_code == 302
    assert RelativeGrant.objects.filter(relative=person).count() == 2


def test_a_new_person_needs_a_name(relative_world, login):
    client = login(relative_world.world.practitioner)
    response = post(client, relative_world, personnummer=NEW_PERSON)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Fyll i förnamn och efternamn" in content
    _assert_kept(content, NEW_PERSON)
    assert not User.objects.filter(personnummer="191212121212").exists()


def test_an_unknown_module_is_refused(relative_world, login):
    client = login(relative_world.world.practitioner)
    response = post(
        client,
        relative_world,
        personnummer=NEW_PERSON,
        first_name="A",
        last_name="B",
        module_keys=["nope"],
    )
    assert response.status_code == 400
    assert not User.objects.filter(personnummer="191212121212").exists()


@pytest.mark.parametrize("relation", ["", "friend"])
def test_a_relation_must_be_chosen(relative_world, login, relation):
    client = login(relative_world.world.practitioner)
    response = post(
        client,
        relative_world,
        personnummer=NEW_PERSON,
        first_name="A",
        last_name="B",
        relation=relation,
    )
    assert response.status_code == 400


def test_nobody_is_invited_to_a_closed_enrollment(relative_world, login):
    enrollment = relative_world.enrollment
    enrollment.phase = Phase.CLOSED
    enrollment.save(update_fields=["phase"])
    client = login(relative_world.world.practitioner)
    assert client.get(invite_url(relative_world)).status_code == 403
    page = client.get(reverse("clinic:enrollment", args=[enrollment.pk])).content.decode()
    assert invite_url(relative_world) not in page
    # Removing still works on a closed enrollment.
    end = reverse("clinic:relative_end", args=[enrollment.pk, relative_world.grant.pk])
    assert client.post(end).status_code == 302


def test_the_personnummer_never_appears_in_a_url(relative_world, login):
    client = login(relative_world.world.practitioner)
    response = post(client, relative_world, personnummer=NEW_PERSON, first_name="A", last_name="B")
    assert "1212" not in response["Location"]
