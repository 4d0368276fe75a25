"""A provider's log review resolves only the citizens and staff its own log names (PDL).

Another provider's admin (`other_admin`) must not turn our citizen's id into a personnummer,
nor our staff's id into an HSA-id; the attempt is refused as "not found" and recorded in our
chain, where our reviewers see it.
"""

from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.organisation.identifiers import format_personnummer
from tests.factories import CitizenFactory

URL = "/clinic/access-log/"
EXPORT = reverse("clinic:access_log_export")


def _refusals():
    return AccessEvent.objects.filter(action="audit.lookup_refused")


def test_another_providers_citizen_id_in_the_address_is_not_resolved(
    world, login, read, other_admin
):
    read()  # our practitioner reads our citizen: our log names them
    response = login(other_admin).get(URL, {"citizen": world.citizen.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert world.citizen.personnummer_display not in html
    assert world.citizen.personnummer not in html
    assert world.citizen.get_full_name() not in html
    assert response.context["form"].initial["personnummer"] == ""
    assert [str(m) for m in response.context["messages"]]


def test_the_refused_lookup_is_recorded_in_the_citizens_providers_chain(
    world, login, read, other_admin
):
    read()
    login(other_admin).get(URL, {"citizen": world.citizen.pk})
    refusal = _refusals().get()
    assert refusal.provider_id == world.provider.pk
    assert refusal.citizen_id == world.citizen.pk
    assert refusal.actor_id == other_admin.pk
    assert refusal.actor_role == "provider_admin"
    assert (refusal.target_type, refusal.target_id) == (
        "organisation.careprovider",
        str(world.other_provider.pk),
    )
    # Nothing in the searcher's own chain names the citizen, so a second try is refused too.
    assert not AccessEvent.objects.filter(
        provider=world.other_provider, citizen=world.citizen
    ).exists()
    again = login(other_admin).get(URL, {"citizen": world.citizen.pk})
    assert world.citizen.personnummer_display not in again.content.decode()
    assert _refusals().count() == 2


def test_the_citizens_provider_sees_the_refused_lookup_in_its_review(
    world, login, read, other_admin
):
    read()
    login(other_admin).get(URL, {"citizen": world.citizen.pk})
    response = login(world.provider_admin).get(URL, {"citizen": world.citizen.pk})
    shown = {event.action for event in response.context["page"]}
    assert "audit.lookup_refused" in shown


def test_posting_another_providers_personnummer_answers_as_for_an_unknown_one(
    world, login, read, other_admin
):
    read()
    client = login(other_admin)
    theirs = client.post(URL, {"personnummer": format_personnummer(world.citizen.personnummer)})
    unknown = client.post(URL, {"personnummer": "19121212-1212"})
    assert theirs.status_code == unknown.status_code == 200
    assert (
        theirs.context["form"].errors["personnummer"]
        == (unknown.context["form"].errors["personnummer"])
    )
    assert world.citizen.get_full_name() not in theirs.content.decode()
    assert _refusals().get().provider_id == world.provider.pk


def test_our_own_citizen_is_still_found_by_personnummer(world, login, read):
    read()
    response = login(world.provider_admin).post(
        URL, {"personnummer": format_personnummer(world.citizen.personnummer)}
    )
    assert response["Location"] == f"{URL}?citizen={world.citizen.pk}"
    assert not _refusals().exists()


def test_a_citizen_no_log_names_is_refused_without_naming_them_anywhere(world, login):
    stranger = CitizenFactory()
    response = login(world.provider_admin).get(URL, {"citizen": stranger.pk})
    assert stranger.personnummer_display not in response.content.decode()
    refusal = _refusals().get()
    assert refusal.provider_id == world.provider.pk
    assert refusal.citizen_id is None
    assert not AccessEvent.objects.filter(citizen=stranger).exists()


def test_another_providers_staff_id_in_the_address_is_not_resolved(world, login, read, other_admin):
    read()
    response = login(other_admin).get(URL, {"actor": world.practitioner.pk})
    html = response.content.decode()
    assert world.practitioner.hsa_id not in html
    assert response.context["form"].initial["staff"] == ""


def test_another_providers_staff_are_not_found_by_hsa_id_or_name(world, login, read, other_admin):
    read()
    client = login(other_admin)
    by_hsa = client.post(URL, {"staff": world.practitioner.hsa_id})
    assert by_hsa.status_code == 200
    assert by_hsa.context["form"].errors["staff"]
    by_name = client.post(
        URL, {"staff": f"{world.practitioner.first_name} {world.practitioner.last_name}"}
    )
    assert by_name.status_code == 200
    assert by_name.context["form"].errors["staff"]


def test_exporting_another_providers_citizen_is_refused_and_recorded(
    world, login, read, other_admin
):
    read()
    response = login(other_admin).get(EXPORT, {"citizen": world.citizen.pk})
    assert response.status_code == 302
    assert not AccessEvent.objects.filter(action="audit.export").exists()
    assert _refusals().get().provider_id == world.provider.pk
    assert not AccessEvent.objects.filter(
        provider=world.other_provider, citizen=world.citizen
    ).exists()
