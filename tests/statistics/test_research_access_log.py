"""Every research export is an access event per exported citizen, shown in their own log."""
# ruff: noqa: F811  (fixtures imported from research_fixtures are used as arguments)

from django.urls import reverse
from django.utils import translation

from stegvis.audit.models import AccessEvent
from stegvis.statistics.research.services import ACTION
from tests.statistics.research_fixtures import authorised_data_admin, make_export, research_data  # noqa: F401


def test_one_read_per_exported_citizen_names_the_export(world, release, research_data):
    export, _key = make_export(world, release)
    events = AccessEvent.objects.filter(action=ACTION)
    assert sorted(events.values_list("citizen_id", flat=True)) == sorted(
        [world.citizen.pk, world.other_citizen.pk]
    )
    for event in events:
        assert event.kind == "read"
        assert (event.actor, event.actor_role) == (world.provider_admin, "provider_admin")
        assert (event.unit, event.provider) == (world.unit, world.provider)
        assert (event.target_type, event.target_id) == ("statistics.researchexport", str(export.pk))


def test_training_citizens_get_no_event(world, release, research_data):
    make_export(world, release)
    hidden = {research_data["training"].citizen_id, research_data["test"].pk}
    assert not AccessEvent.objects.filter(action=ACTION, citizen_id__in=hidden).exists()


def test_an_export_of_nobody_is_still_recorded(world, release):
    export, _key = make_export(world, release)
    event = AccessEvent.objects.get(action=ACTION)
    assert event.citizen_id is None and event.target_id == str(export.pk)


def test_an_authorised_data_admin_is_recorded_as_data_admin(
    world, release, research_data, authorised_data_admin
):
    make_export(world, release, actor=authorised_data_admin)
    roles = set(AccessEvent.objects.filter(action=ACTION).values_list("actor_role", flat=True))
    assert roles == {"data_admin"}


def test_the_citizen_sees_each_export_as_a_research_export_by_the_provider(
    world, login, release, research_data
):
    make_export(world, release)
    make_export(world, release)
    with translation.override("sv"):
        page = login(world.citizen).get(reverse("portal:access_log"), HTTP_ACCEPT_LANGUAGE="sv")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("Forskningsuttag av vårdgivaren") == 2
    assert world.provider.name in html
