"""Driftinformation once sent: the provider admin changes a current message or ends it now; it
then leaves start pages and stays in the archive. Two admins at once get a clear answer."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.bulletins import queries, services
from stegvis.bulletins.models import Bulletin
from tests.conftest import PERSONAS
from tests.factories import StaffFactory, UnitFactory, make_provider_admin
from tests.plugins.queries import assert_page_queries

TODAY = timezone.localdate


def publish(world, **changes):
    data = {
        "actor": world.provider_admin,
        "provider": world.provider,
        "title": "Planerat underhåll på lördag",
        "body": "Stegvis är stängt lördag 08–10.",
        "starts_on": TODAY(),
    }
    return services.publish_bulletin(**{**data, **changes})


def edit(world, bulletin, **changes):
    data = {
        "actor": world.provider_admin,
        "bulletin": bulletin,
        "title": "Underhållet flyttas till söndag",
        "body": "Stegvis är stängt söndag 08–10.",
        "ends_on": TODAY() + dt.timedelta(days=3),
        "units": [world.other_unit],
        "version": bulletin.version,
    }
    return services.edit_bulletin(**{**data, **changes})


# Services


def test_editing_changes_the_message_its_units_and_is_logged(world):
    bulletin = publish(world)
    edited = edit(world, bulletin)
    assert (edited.title, edited.ends_on, edited.all_units) == (
        "Underhållet flyttas till söndag",
        TODAY() + dt.timedelta(days=3),
        False,
    )
    assert edited.version == 2
    assert queries.current_for(world.practitioner, world.unit) == []
    assert queries.current_for(world.other_unit_practitioner, world.other_unit) == [edited]
    assert AccessEvent.objects.filter(
        action="bulletin.edit", actor=world.provider_admin, citizen__isnull=True
    ).exists()


def test_editing_back_to_all_units_reaches_every_unit(world):
    bulletin = publish(world, units=[world.unit])
    edit(world, bulletin, units=[])
    assert len(queries.current_for(world.other_unit_practitioner, world.other_unit)) == 1


def test_ending_now_takes_it_off_start_pages_and_keeps_it_in_the_archive(world):
    bulletin = publish(world)
    assert services.end_bulletin(actor=world.provider_admin, bulletin=bulletin)
    bulletin.refresh_from_db()
    assert bulletin.ended_at is not None and bulletin.ended_by == world.provider_admin
    assert queries.current_for(world.practitioner, world.unit) == []
    assert list(queries.archive_for(world.practitioner, world.unit)) == [bulletin]
    assert AccessEvent.objects.filter(action="bulletin.end", citizen__isnull=True).count() == 1


def test_ending_twice_says_so_and_changes_nothing(world):
    bulletin = publish(world)
    assert services.end_bulletin(actor=world.provider_admin, bulletin=bulletin)
    ended_at = Bulletin.objects.get().ended_at
    # A second admin (or a second tab) with the same page: no second end, no second event.
    assert not services.end_bulletin(actor=world.provider_admin, bulletin=bulletin)
    assert Bulletin.objects.get().ended_at == ended_at
    assert AccessEvent.objects.filter(action="bulletin.end").count() == 1


def test_an_ended_message_cannot_be_edited(world):
    bulletin = publish(world)
    services.end_bulletin(actor=world.provider_admin, bulletin=bulletin)
    with pytest.raises(ValidationError) as refusal:
        edit(world, bulletin, version=None)
    assert refusal.value.code == "ended"


def test_a_message_past_its_end_date_is_neither_edited_nor_ended(world):
    bulletin = publish(
        world, starts_on=TODAY() - dt.timedelta(days=5), ends_on=TODAY() - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        edit(world, bulletin)
    assert not services.end_bulletin(actor=world.provider_admin, bulletin=bulletin)


def test_an_edit_from_a_stale_form_is_refused_with_nothing_saved(world):
    bulletin = publish(world)
    stale_version = bulletin.version
    edit(world, bulletin, title="Första ändringen")
    with pytest.raises(ValidationError) as refusal:
        edit(world, bulletin, title="Andra ändringen", version=stale_version)
    assert refusal.value.code == "stale"
    assert Bulletin.objects.get().title == "Första ändringen"


def test_an_edit_after_another_admin_ended_it_is_refused(world):
    bulletin = publish(world)
    services.end_bulletin(actor=world.provider_admin, bulletin=bulletin)
    with pytest.raises(ValidationError):
        edit(world, bulletin)  # the form's version is from before the end


def test_edits_are_checked_like_sending(world):
    bulletin = publish(world, starts_on=TODAY() + dt.timedelta(days=2))
    with pytest.raises(ValidationError):
        edit(world, bulletin, units=[world.foreign_unit])
    with pytest.raises(ValidationError):  # before the start
        edit(world, bulletin, ends_on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(ValidationError):  # in the past: that is "End now"
        edit(world, bulletin, ends_on=TODAY() - dt.timedelta(days=1))


@pytest.mark.parametrize("who", ["practitioner", "access_admin", "foreign_provider_admin"])
def test_only_the_senders_provider_admin_edits_or_ends(world, who):
    bulletin = publish(world)
    if who == "foreign_provider_admin":
        actor = make_provider_admin(StaffFactory(), world.other_provider)
    else:
        actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        edit(world, bulletin, actor=actor)
    with pytest.raises(PermissionDenied):
        services.end_bulletin(actor=actor, bulletin=bulletin)
    assert Bulletin.objects.get().ended_at is None


# Pages


def test_the_edit_form_changes_the_message(world, login):
    bulletin = publish(world, units=[world.unit])
    client = login(world.provider_admin)
    url = reverse("clinic:bulletin_edit", args=[bulletin.pk])
    page = client.get(url).content.decode()
    assert 'value="Planerat underhåll på lördag"' in page
    data = {"title": "Ny rubrik", "body": "Ny text", "to_all": "all", "version": 1}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("clinic:bulletins")
    bulletin.refresh_from_db()
    assert (bulletin.title, bulletin.all_units) == ("Ny rubrik", True)


def test_the_edit_form_says_when_someone_else_changed_it_first(world, login):
    bulletin = publish(world)
    client = login(world.provider_admin)
    edit(world, bulletin)
    data = {"title": "Min ändring", "body": "Text", "to_all": "all", "version": 1}
    response = client.post(reverse("clinic:bulletin_edit", args=[bulletin.pk]), data)
    assert response.status_code == 200
    assert "Någon annan ändrade meddelandet" in response.content.decode()
    assert Bulletin.objects.get().title == "Underhållet flyttas till söndag"


def test_end_now_from_the_list_and_a_second_time(world, login):
    bulletin = publish(world)
    client = login(world.provider_admin)
    url = reverse("clinic:bulletin_end", args=[bulletin.pk])
    response = client.post(url, follow=True)
    assert "Meddelandet är avslutat" in response.content.decode()
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Meddelandet var redan avslutat" in response.content.decode()
    # The edit page of an ended message sends back to the list with why.
    response = client.get(reverse("clinic:bulletin_edit", args=[bulletin.pk]), follow=True)
    assert "kan inte längre ändras" in response.content.decode()
    page = login(world.practitioner).get(reverse("clinic:start")).content.decode()
    assert "Planerat underhåll på lördag" not in page


OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not_found", "login"


def _outcome(response) -> str:
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code == 302 and response["Location"] == reverse("clinic:workplace"):
        return DENIED
    if response.status_code in (200, 302):
        return OK
    if response.status_code == 403:
        return DENIED
    raise AssertionError(f"unexpected status {response.status_code}")


def _expected(persona: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona == "provider_admin":
        return OK
    # Another provider's admin may manage messages, but not this one: not found.
    return NOT_FOUND if persona == "foreign_provider_admin" else DENIED


PAGES = {
    "edit": ("get", "clinic:bulletin_edit"),
    "save": ("post", "clinic:bulletin_edit"),
    "end": ("post", "clinic:bulletin_end"),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", [*PERSONAS, "foreign_provider_admin"])
def test_who_may_edit_and_end_a_message(world, login, page, persona):
    bulletin = publish(world, units=[world.unit])
    if persona == "foreign_provider_admin":
        user = make_provider_admin(StaffFactory(), world.other_provider)
    else:
        user = world.persona(persona)
    method, name = PAGES[page]
    response = getattr(login(user), method)(reverse(name, args=[bulletin.pk]))
    assert _outcome(response) == _expected(persona)
    if persona != "provider_admin":
        bulletin.refresh_from_db()
        assert (bulletin.ended_at, bulletin.version) == (None, 1)


def test_the_edit_page_runs_fixed_queries(world, login):
    bulletin = publish(world, units=[world.unit])
    client = login(world.provider_admin)

    def more_units():
        units = [UnitFactory(provider=world.provider) for _ in range(3)]
        bulletin.units.add(*units)

    # Queries: session, user,
    # MFA check, roles, provider, the message,
    # its units (prefetch), and the provider's units for the checkboxes.
    assert_page_queries(
        client, reverse("clinic:bulletin_edit", args=[bulletin.pk]), 8, grow=more_units
    )
