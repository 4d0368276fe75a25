"""Driftinformation: the provider admin sends, unit staff see it on their start page until read
or ended, and find every message in the archive."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.bulletins import queries, services
from stegvis.bulletins.models import Bulletin
from tests.conftest import PERSONAS
from tests.factories import StaffFactory, make_provider_admin
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


def test_a_message_to_all_units_reaches_every_unit_and_is_logged(world):
    bulletin = publish(world)
    assert bulletin.all_units
    assert queries.current_for(world.practitioner, world.unit) == [bulletin]
    assert queries.current_for(world.other_unit_practitioner, world.other_unit) == [bulletin]
    assert queries.current_for(world.foreign_staff, world.foreign_unit) == []
    assert AccessEvent.objects.filter(action="bulletin.publish", citizen__isnull=True).exists()


def test_a_message_to_chosen_units_reaches_only_them(world):
    publish(world, units=[world.other_unit])
    assert queries.current_for(world.practitioner, world.unit) == []
    assert len(queries.current_for(world.other_unit_practitioner, world.other_unit)) == 1


def test_a_message_shows_from_its_start_until_its_end(world):
    publish(world, starts_on=TODAY() + dt.timedelta(days=1))
    publish(world, starts_on=TODAY() - dt.timedelta(days=5), ends_on=TODAY() - dt.timedelta(days=1))
    assert queries.current_for(world.practitioner, world.unit) == []
    # The archive holds the ended one, not the one still to come.
    assert len(queries.archive_for(world.practitioner, world.unit)) == 1


def test_read_is_per_person_and_twice_is_harmless(world):
    bulletin = publish(world)
    assert services.mark_read(actor=world.practitioner, unit=world.unit, bulletin=bulletin)
    assert not services.mark_read(actor=world.practitioner, unit=world.unit, bulletin=bulletin)
    assert queries.current_for(world.practitioner, world.unit) == []
    assert queries.current_for(world.citizen_admin, world.unit) == [bulletin]


def test_only_the_provider_admin_sends_and_only_to_own_units(world):
    with pytest.raises(PermissionDenied):
        publish(world, actor=world.access_admin)
    with pytest.raises(ValidationError):
        publish(world, units=[world.foreign_unit])
    with pytest.raises(ValidationError):
        publish(world, ends_on=TODAY() - dt.timedelta(days=1))


def test_the_start_page_shows_the_message_and_read_hides_it(world, login):
    bulletin = publish(world)
    client = login(world.practitioner)
    page = client.get(reverse("clinic:start")).content.decode()
    assert "Planerat underhåll på lördag" in page
    response = client.post(reverse("clinic:bulletin_read", args=[bulletin.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("clinic:start")
    page = client.get(reverse("clinic:start")).content.decode()
    assert "Planerat underhåll på lördag" not in page
    archive = client.get(reverse("clinic:bulletin_archive")).content.decode()
    assert "Planerat underhåll på lördag" in archive


def test_another_units_message_cannot_be_marked_read(world, login):
    bulletin = publish(world, units=[world.other_unit])
    response = login(world.practitioner).post(reverse("clinic:bulletin_read", args=[bulletin.pk]))
    assert response.status_code == 404


def test_the_form_sends_to_chosen_units_and_says_what_is_missing(world, login):
    client = login(world.provider_admin)
    url = reverse("clinic:bulletin_create")
    data = {"title": "Ny version", "body": "Läs mer", "starts_on": TODAY().isoformat()}
    response = client.post(url, {**data, "to_all": "chosen"})
    assert response.status_code == 200
    assert "Välj minst en enhet" in response.content.decode()
    response = client.post(url, {**data, "to_all": "chosen", "units": [world.unit.pk]})
    assert response.status_code == 302
    assert list(Bulletin.objects.get().units.all()) == [world.unit]


OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not_found", "login"
AT_UNITS = {
    "practitioner",
    "citizen_admin",
    "access_admin",
    "data_admin",
    "designer",
    "other_unit_practitioner",
    "foreign_staff",
}


def _outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code == 302 and response["Location"] == reverse("clinic:workplace"):
        return DENIED
    if response.status_code == 302:
        return OK
    if response.status_code == 403:
        return DENIED
    raise AssertionError(f"unexpected status {response.status_code}")


def _admin(persona):
    if persona == "anonymous":
        return LOGIN
    return OK if persona in ("provider_admin", "foreign_provider_admin") else DENIED


def _staff(persona):
    if persona == "anonymous":
        return LOGIN
    return OK if persona in AT_UNITS else DENIED


def _read(persona):
    # The message is for world.unit: staff elsewhere do not find it.
    if persona in ("other_unit_practitioner", "foreign_staff"):
        return NOT_FOUND
    return _staff(persona)


PAGES = {
    "list": ("get", lambda b: reverse("clinic:bulletins"), _admin),
    "create": ("get", lambda b: reverse("clinic:bulletin_create"), _admin),
    "archive": ("get", lambda b: reverse("clinic:bulletin_archive"), _staff),
    "read": ("post", lambda b: reverse("clinic:bulletin_read", args=[b.pk]), _read),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", [*PERSONAS, "foreign_provider_admin"])
def test_who_may_open_each_bulletin_page(world, login, page, persona):
    bulletin = publish(world, units=[world.unit])
    if persona == "foreign_provider_admin":
        user = make_provider_admin(StaffFactory(), world.other_provider)
    else:
        user = world.persona(persona)
    method, build, expected = PAGES[page]
    response = getattr(login(user), method)(build(bulletin))
    assert _outcome(response) == expected(persona)


def _more(world, n):
    for i in range(n):
        bulletin = publish(world, title=f"Meddelande {i}", units=[world.unit, world.other_unit])
        services.mark_read(actor=world.practitioner, unit=world.unit, bulletin=bulletin)


def test_the_admin_list_runs_fixed_queries(world, login):
    client = login(world.provider_admin)
    _more(world, 1)
    # Queries: session, user,
    # MFA check, roles, provider, the messages with their read counts, and their units (prefetch).
    assert_page_queries(client, reverse("clinic:bulletins"), 7, grow=lambda: _more(world, 4))


def test_the_archive_runs_fixed_queries(world, login):
    client = login(world.practitioner)
    _more(world, 1)
    # Queries: session, user, MFA check, roles, unit, the
    # audit reviewer check of the menu, and the messages
    # with whether this person read them.
    assert_page_queries(client, reverse("clinic:bulletin_archive"), 7, grow=lambda: _more(world, 4))


def test_the_start_page_shows_messages_in_one_query(world, login):
    client = login(world.citizen_admin)
    publish(world)
    url = reverse("clinic:start")
    client.get(url)
    from tests.plugins.queries import count_queries

    with count_queries() as before:
        client.get(url)
    for i in range(4):
        publish(world, title=f"Fler {i}")
    with count_queries() as after:
        page = client.get(url).content.decode()
    assert len(after) == len(before)
    assert "Fler 3" in page
