"""The citizen's "who has read my data": their own events only, units and roles, not names."""

from stegvis.audit.models import AccessEvent
from stegvis.audit.recording import record_read

URL = "/portal/access-log/"


def test_the_citizen_sees_which_unit_and_role_read_their_data(world, login, read):
    read()
    response = login(world.citizen).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.unit.name in html
    assert world.provider.name in html
    assert [e.actor_role for e in response.context["page"]] == ["practitioner"]
    assert world.practitioner.last_name not in html
    assert world.practitioner.hsa_id not in html


def test_only_the_citizens_own_events_are_listed(world, login, read):
    read(citizen=world.other_citizen)
    read(citizen=world.other_citizen, unit=world.foreign_unit, actor=world.foreign_staff)
    response = login(world.citizen).get(URL)
    assert list(response.context["page"]) == []


def test_the_citizens_own_actions_are_left_out(world, login):
    record_read(actor=world.citizen, action="enrollment.view_own", citizen=world.citizen)
    assert list(login(world.citizen).get(URL).context["page"]) == []


def test_newest_first_and_paginated(world, login, read):
    events = [read() for _ in range(51)]
    client = login(world.citizen)
    first = client.get(URL)
    assert next(e.pk for e in first.context["page"]) == events[-1].pk
    assert len(first.context["page"]) == 50
    assert [e.pk for e in client.get(URL, {"page": 2}).context["page"]] == [events[0].pk]


def test_viewing_it_records_nothing(world, login, read):
    read()
    login(world.citizen).get(URL)
    assert AccessEvent.objects.count() == 1


def test_only_citizens_may_open_it(world, login):
    assert login(None).get(URL).status_code == 302
    for persona in ("practitioner", "provider_admin", "access_admin"):
        assert login(world.persona(persona)).get(URL).status_code == 403, persona


def test_the_home_page_links_to_it(world, login):
    assert URL in login(world.citizen).get("/portal/").content.decode()


def test_the_page_is_in_swedish(world, login, read):
    read()
    html = login(world.citizen).get(URL).content.decode()
    assert "Vem har läst mina uppgifter" in html
    assert "Behandlare" in html


def test_a_relatives_access_is_shown_as_such(world, login):
    from tests.factories import CitizenFactory

    record_read(
        actor=CitizenFactory(), action="relatives.view", citizen=world.citizen, role="relative"
    )
    assert "Anhörig eller vårdnadshavare" in login(world.citizen).get(URL).content.decode()


def test_a_search_by_another_providers_staff_shows_their_provider(world, login):
    # Recorded in the citizen's provider's chain (ADR 0008), but another region accessed.
    from stegvis.organisation import services
    from tests.portal.fixtures import make_enrollment, make_release

    make_enrollment(world.citizen, world.unit, make_release(world.provider, world.unit))
    services.search_citizen(
        actor=world.foreign_staff,
        unit=world.foreign_unit,
        personnummer=world.citizen.personnummer,
    )
    response = login(world.citizen).get(URL)
    row = next(e for e in response.context["page"] if e.action == "citizen.lookup")
    assert row.provider_id == world.provider.pk
    assert world.other_provider.name in response.content.decode()


def test_sealed_and_not_yet_sealed_events_are_both_listed(world, login, read, seal):
    # ADR 0007: the sealer links events a moment after commit; pages never wait for it.
    sealed = read()
    seal()
    unsealed = read()
    assert AccessEvent.objects.get(pk=unsealed.pk).sequence is None
    page = login(world.citizen).get(URL).context["page"]
    assert {e.pk for e in page} == {sealed.pk, unsealed.pk}
    review = login(world.provider_admin).get("/clinic/access-log/", {"citizen": world.citizen.pk})
    assert {sealed.pk, unsealed.pk} <= {e.pk for e in review.context["page"]}
