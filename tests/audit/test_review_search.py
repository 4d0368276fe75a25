"""Searching the log: by citizen (personnummer posted, id in the URL), staff, unit, period, kind."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.organisation.identifiers import format_personnummer

URL = "/clinic/access-log/"


def _shown(response) -> set[int]:
    return {event.pk for event in response.context["page"]}


def test_posting_a_personnummer_shows_that_citizens_events_with_only_an_id_in_the_url(
    world, login, read
):
    mine = read()
    other = read(citizen=world.other_citizen)
    client = login(world.provider_admin)
    response = client.post(URL, {"personnummer": format_personnummer(world.citizen.personnummer)})
    assert response.status_code == 302
    location = response["Location"]
    assert location == f"{URL}?citizen={world.citizen.pk}"
    assert world.citizen.personnummer not in location
    page = client.get(location)
    assert mine.pk in _shown(page) and other.pk not in _shown(page)


def test_the_search_is_recorded_naming_the_citizen(world, login, read):
    read()
    login(world.provider_admin).get(URL, {"citizen": world.citizen.pk})
    event = AccessEvent.objects.get(action="audit.search")
    assert event.citizen_id == world.citizen.pk
    assert event.actor_id == world.provider_admin.pk
    assert event.actor_role == "provider_admin"
    assert event.provider_id == world.provider.pk


def test_a_reviewers_search_is_recorded_in_their_reviewer_role(world, login, reviewer):
    login(reviewer).get(URL)
    event = AccessEvent.objects.get(action="audit.search")
    assert event.actor_role == "log_reviewer"
    assert event.citizen_id is None


def test_an_unknown_personnummer_is_explained_and_kept(world, login):
    response = login(world.provider_admin).post(URL, {"personnummer": "19121212-1212"})
    assert response.status_code == 200
    assert response.context["form"].errors["personnummer"]
    assert 'value="19121212-1212"' in response.content.decode()


def test_an_invalid_personnummer_is_explained(world, login):
    response = login(world.provider_admin).post(URL, {"personnummer": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["personnummer"]


def test_staff_are_found_by_hsa_id_or_by_name(world, login, read):
    theirs = read()
    others = read(actor=world.citizen_admin)
    client = login(world.provider_admin)
    by_hsa = client.post(URL, {"staff": world.practitioner.hsa_id.lower()})
    assert by_hsa["Location"] == f"{URL}?actor={world.practitioner.pk}"
    name = f"{world.practitioner.first_name} {world.practitioner.last_name}"
    assert client.post(URL, {"staff": name})["Location"] == by_hsa["Location"]
    shown = _shown(client.get(by_hsa["Location"]))
    assert theirs.pk in shown and others.pk not in shown


def test_a_name_matching_several_staff_asks_for_the_hsa_id(world, login):
    world.citizen_admin.last_name = world.practitioner.last_name = "Samma"
    world.citizen_admin.save()
    world.practitioner.save()
    response = login(world.provider_admin).post(URL, {"staff": "samma"})
    assert response.status_code == 200
    assert response.context["form"].errors["staff"]


def test_filters_by_unit_kind_action_and_period(world, login, read):
    here = read()
    there = read(unit=world.other_unit)
    old = read(action="citizen.view", when=timezone.now() - timedelta(days=10))
    client = login(world.provider_admin)
    assert _shown(client.get(URL, {"unit": world.other_unit.pk})) == {there.pk}
    assert _shown(client.get(URL, {"kind": "change"})) == set()
    assert here.pk in _shown(client.get(URL, {"action": "enrollment"}))
    assert old.pk not in _shown(client.get(URL, {"action": "enrollment"}))
    today = timezone.localdate().isoformat()
    recent = _shown(client.get(URL, {"from": today, "to": today, "action": "enrollment"}))
    assert recent == {here.pk, there.pk}
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert _shown(client.get(URL, {"from": day, "to": day})) == {old.pk}


def test_the_posted_filter_becomes_ids_and_dates(world, login):
    response = login(world.provider_admin).post(
        URL,
        {
            "unit": world.unit.pk,
            "date_from": "2026-01-01",
            "date_to": "2026-01-31",
            "kind": "read",
            "action": "enrollment",
        },
    )
    assert response["Location"] == (
        f"{URL}?unit={world.unit.pk}&from=2026-01-01&to=2026-01-31&kind=read&action=enrollment"
    )


def test_a_period_that_ends_before_it_starts_is_refused(world, login):
    response = login(world.provider_admin).post(
        URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_a_broken_address_shows_everything_with_a_message(world, login, read):
    read()
    response = login(world.provider_admin).get(URL, {"citizen": "x", "from": "not a date"})
    assert response.status_code == 200
    assert len(_shown(response)) == 1


def test_newest_first_and_paginated(world, login, read):
    events = [read() for _ in range(51)]
    client = login(world.provider_admin)
    first = client.get(URL)
    assert next(iter(first.context["page"])).pk == events[-1].pk
    assert len(first.context["page"]) == 50
    second = client.get(URL, {"page": 2})
    # The first page's own audit.search event was added meanwhile.
    assert events[0].pk in _shown(second)


def test_the_form_shows_the_current_filter(world, login, read):
    read()
    response = login(world.provider_admin).get(
        URL, {"citizen": world.citizen.pk, "actor": world.practitioner.pk}
    )
    html = response.content.decode()
    assert world.citizen.personnummer_display in html
    assert world.practitioner.hsa_id in html
    assert reverse("clinic:access_log_export") + f"?citizen={world.citizen.pk}" in html
