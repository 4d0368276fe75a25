"""A signed-in citizen reads an open program's introduction and starts it."""

from django.urls import reverse

from stegvis.care.models import Enrollment, Phase
from tests.factories import ReleaseFactory
from tests.portal.documents import care_document
from tests.portal.fixtures import make_release


def test_home_lists_open_programs_the_citizen_may_start(world, login):
    release = make_release(world.provider, world.unit, open_=True)

    content = login(world.citizen).get(reverse("portal:home")).content.decode()

    assert reverse("portal:open_program", args=[release.pk]) in content


def test_a_program_that_is_not_open_is_not_offered(world, login):
    release = make_release(world.provider, world.unit)
    client = login(world.citizen)

    assert (
        reverse("portal:open_program", args=[release.pk])
        not in client.get(reverse("portal:home")).content.decode()
    )
    assert client.get(reverse("portal:open_program", args=[release.pk])).status_code == 404


def test_the_intro_page_shows_the_release_introduction(world, login):
    release = make_release(world.provider, world.unit, open_=True)

    content = (
        login(world.citizen).get(reverse("portal:open_program", args=[release.pk])).content.decode()
    )

    assert "<p>Ett program om nedstämdhet.</p>" in content


def test_starting_a_self_help_program_opens_it_at_once(world, login):
    release = make_release(world.provider, world.unit, open_=True, mode="self_help")

    response = login(world.citizen).post(
        reverse("portal:open_program", args=[release.pk]), {"unit": world.unit.pk}
    )

    enrollment = Enrollment.objects.get(citizen=world.citizen)
    assert response["Location"] == reverse("portal:program", args=[enrollment.pk])
    assert enrollment.phase == Phase.TREATMENT and enrollment.practitioner is None


def test_a_practitioner_led_program_lands_in_the_units_queue(world, login):
    release = make_release(world.provider, world.unit, open_=True)

    login(world.citizen).post(
        reverse("portal:open_program", args=[release.pk]), {"unit": world.unit.pk}
    )

    assert Enrollment.objects.get(citizen=world.citizen).phase == Phase.QUEUED


def test_with_several_units_the_citizen_must_choose_one(world, login):
    from stegvis.catalog.models import UnitActivation

    release = make_release(world.provider, world.unit, open_=True)
    UnitActivation.objects.create(release=release, unit=world.other_unit)

    response = login(world.citizen).post(reverse("portal:open_program", args=[release.pk]), {})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_running_program_is_not_offered_again(world, login):
    release = make_release(world.provider, world.unit, open_=True)
    client = login(world.citizen)
    client.post(reverse("portal:open_program", args=[release.pk]), {"unit": world.unit.pk})

    response = client.post(
        reverse("portal:open_program", args=[release.pk]), {"unit": world.unit.pk}
    )

    assert response.status_code == 400
    assert Enrollment.objects.count() == 1
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:open_program", args=[release.pk]) not in home


def test_staff_and_anonymous_cannot_start_open_programs(world, login):
    release = make_release(world.provider, world.unit, open_=True)
    url = reverse("portal:open_program", args=[release.pk])

    assert login(world.practitioner).post(url, {"unit": world.unit.pk}).status_code == 403
    assert login(None).post(url, {"unit": world.unit.pk}).status_code == 302
    assert not Enrollment.objects.exists()


def _two_versions(world):
    """Version 1.0 active at world.unit and world.other_unit, 1.1 at world.unit only."""
    from stegvis.catalog.models import UnitActivation

    older = make_release(world.provider, world.unit, open_=True)
    UnitActivation.objects.create(release=older, unit=world.other_unit)
    document = care_document(open_=True)
    document["version"] = {"major": 1, "minor": 1}
    newer = ReleaseFactory(owner=world.provider, document=document, active_at=world.unit)
    return older, newer


def test_two_active_versions_of_a_program_show_as_one_entry_the_newest(world, login):
    older, newer = _two_versions(world)

    response = login(world.citizen).get(reverse("portal:home"))

    entries = response.context["open_programs"]
    assert [entry["release"] for entry in entries] == [newer]
    assert {unit.pk for unit in entries[0]["units"]} == {world.unit.pk, world.other_unit.pk}
    body = response.content.decode()
    assert body.count(reverse("portal:open_program", args=[newer.pk])) == 1
    assert reverse("portal:open_program", args=[older.pk]) not in body


def test_starting_takes_the_newest_version_active_at_the_chosen_unit(world, login):
    older, newer = _two_versions(world)
    client = login(world.citizen)
    url = reverse("portal:open_program", args=[newer.pk])

    client.post(url, {"unit": world.other_unit.pk})

    assert Enrollment.objects.get(citizen=world.citizen).release == older
