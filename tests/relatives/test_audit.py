"""Every invitation, change and removal is a change event in the access log (citizen: the
enrollment's citizen; role: the actor's), and every page a relative opens that shows the
citizen's data records a read with the role "relative"."""

import pytest
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.relatives import services
from stegvis.relatives.models import RelativeGrant
from tests.relatives.conftest import NEW_PERSON


def _last(action: str) -> AccessEvent:
    return AccessEvent.objects.filter(action=action).order_by("-pk").first()


def test_an_invitation_is_logged(relative_world):
    rw = relative_world
    grant = services.invite_relative(
        actor=rw.world.citizen_admin,
        enrollment=rw.enrollment,
        personnummer=NEW_PERSON,
        relation="guardian",
        may_message=True,
        module_keys=["m1"],
        first_name="Vera",
        last_name="Vård",
    )
    event = _last("relative.invite")
    assert event.kind == "change"
    assert event.actor == rw.world.citizen_admin and event.actor_role == "citizen_admin"
    assert event.citizen_id == rw.world.citizen.pk
    assert event.unit == rw.world.unit and event.enrollment_id == rw.enrollment.pk
    assert (event.target_type, event.target_id) == ("relatives.relativegrant", str(grant.pk))
    # The new account is a registration, logged against the new person.
    registered = _last("citizen.register")
    assert registered.citizen_id == grant.relative_id and registered.actor_role == "citizen_admin"


def test_finding_an_existing_relative_is_a_logged_lookup(relative_world):
    rw = relative_world
    services.invite_relative(
        actor=rw.world.practitioner,
        enrollment=rw.enrollment,
        personnummer=rw.other_relative.personnummer,
        relation="relative",
        may_message=False,
    )
    lookup = _last("citizen.lookup")
    assert lookup.citizen_id == rw.other_relative.pk and lookup.actor_role == "practitioner"


def test_a_change_is_logged_and_no_change_is_not(relative_world):
    rw = relative_world
    before = AccessEvent.objects.filter(action="relative.change").count()
    services.change_grant(
        actor=rw.world.practitioner, grant=rw.grant, may_message=True, module_keys=["m1"]
    )
    assert AccessEvent.objects.filter(action="relative.change").count() == before
    services.change_grant(
        actor=rw.world.practitioner, grant=rw.grant, may_message=False, module_keys=["m3", "m1"]
    )
    rw.grant.refresh_from_db()
    assert not rw.grant.may_message and rw.grant.module_keys == ["m1", "m3"]
    event = _last("relative.change")
    assert event.actor_role == "practitioner" and event.citizen_id == rw.world.citizen.pk
    assert event.enrollment_id == rw.enrollment.pk


def test_a_removal_is_logged_once(relative_world):
    rw = relative_world
    services.end_grant(actor=rw.world.practitioner, grant=rw.grant)
    services.end_grant(actor=rw.world.practitioner, grant=rw.grant)
    events = AccessEvent.objects.filter(action="relative.end")
    assert events.count() == 1
    assert events[0].citizen_id == rw.world.citizen.pk and events[0].actor_role == "practitioner"


@pytest.mark.parametrize(
    "action", ["invite_relative", "change_grant", "end_grant"], ids=lambda a: a
)
def test_services_refuse_staff_without_the_right_and_log_nothing(relative_world, action):
    from django.core.exceptions import PermissionDenied

    rw = relative_world
    count = AccessEvent.objects.count()
    calls = {
        "invite_relative": lambda actor: services.invite_relative(
            actor=actor,
            enrollment=rw.enrollment,
            personnummer=NEW_PERSON,
            relation="relative",
            may_message=True,
            first_name="A",
            last_name="B",
        ),
        "change_grant": lambda actor: services.change_grant(
            actor=actor, grant=rw.grant, may_message=False, module_keys=[]
        ),
        "end_grant": lambda actor: services.end_grant(actor=actor, grant=rw.grant),
    }
    for actor in (rw.world.other_unit_practitioner, rw.world.data_admin, rw.relative):
        with pytest.raises(PermissionDenied):
            calls[action](actor)
    assert AccessEvent.objects.count() == count
    assert not RelativeGrant.objects.filter(relative__personnummer="191212121212").exists()


PAGES = {
    "following": lambda e: reverse("portal:following", args=[e.pk]),
    "step": lambda e: reverse("portal:following_step", args=[e.pk, "intro"]),
    "media": lambda e: reverse("portal:following_media", args=[e.pk, "pic.png"]),
    "home": lambda e: reverse("portal:home"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_each_relative_page_records_a_read_as_relative(relative_world, login, name):
    rw = relative_world
    client = login(rw.relative)
    before = AccessEvent.objects.count()
    assert client.get(PAGES[name](rw.enrollment)).status_code == 200
    events = list(AccessEvent.objects.order_by("pk")[before:])
    assert len(events) == 1
    event = events[0]
    assert event.kind == "read" and event.actor == rw.relative and event.actor_role == "relative"
    assert event.citizen_id == rw.world.citizen.pk and event.enrollment_id == rw.enrollment.pk


def test_a_refused_relative_page_records_nothing(relative_world, login):
    rw = relative_world
    client = login(rw.ended_relative)
    before = AccessEvent.objects.count()
    assert client.get(PAGES["following"](rw.enrollment)).status_code == 404
    assert AccessEvent.objects.count() == before
