"""The design tool's Wagtail groups follow the role grants when roles change, never on a visit:
looking at the design tool writes nothing to the database."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stegvis.design.services import group_name
from stegvis.organisation import services as organisation
from stegvis.organisation.models import CareAssignment, Role
from tests.factories import StaffFactory, assign

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# Every signed-in request anywhere on the site refreshes its session's "last seen" (allauth's
# user sessions): that is the session's bookkeeping, not the design tool's.
SESSION_TABLES = ('"usersessions_usersession"', '"django_session"')


def _design_groups(user) -> set[str]:
    return set(user.groups.filter(name__startswith="design:").values_list("name", flat=True))


def test_a_get_to_the_design_tool_makes_no_write_query(design, world, login):
    # Groups out of step with the roles (a stale one left behind): a visit must not fix them.
    stale = Group.objects.get(name=group_name(world.other_provider, Role.DESIGNER))
    design.designer.groups.add(stale)
    client = login(design.designer)
    design.designer.groups.add(stale)  # signing in synced them; out of step again
    url = reverse("wagtailadmin_explore", args=[design.root.pk])
    # The first visit may create Wagtail's own per-user profile; the test is every visit after.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert stale.name in _design_groups(design.designer)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if WRITE.match(q["sql"]) and not any(table in q["sql"] for table in SESSION_TABLES)
    ]
    assert writes == [], "\n".join(writes)


def test_a_designer_has_the_providers_group_without_visiting_the_tool(design, world):
    assert _design_groups(design.designer) == {group_name(world.provider, Role.DESIGNER)}
    assert _design_groups(design.publisher) == {group_name(world.provider, Role.PUBLISHER)}


def test_granting_and_inactivating_a_role_through_the_services_syncs_the_groups(design, world):
    member = assign(StaffFactory(), world.unit)
    organisation.grant_roles(
        actor=world.access_admin, staff=member, unit=world.unit, roles=[Role.PUBLISHER]
    )
    assert _design_groups(member) == {group_name(world.provider, Role.PUBLISHER)}

    grant = member.role_grants.get(role=Role.PUBLISHER)
    organisation.inactivate_grant(actor=world.access_admin, grant=grant)
    assert _design_groups(member) == set()


def test_an_ended_care_assignment_takes_the_group_away(design, world):
    member = assign(StaffFactory(), world.unit, Role.DESIGNER)
    assert _design_groups(member)

    assignment = CareAssignment.objects.get(staff=member, unit=world.unit)
    assignment.valid_from = timezone.localdate() - dt.timedelta(days=10)
    assignment.valid_until = timezone.localdate() - dt.timedelta(days=1)
    assignment.save()
    assert _design_groups(member) == set()


@pytest.mark.parametrize("entry", ["command", "sign_in"])
def test_groups_out_of_step_are_synced_by_the_command_and_at_sign_in(design, world, login, entry):
    member = assign(StaffFactory(), world.unit, Role.DESIGNER)
    member.groups.clear()

    if entry == "command":
        call_command("sync_design_groups", stdout=io.StringIO())
    else:
        login(member)
    assert _design_groups(member) == {group_name(world.provider, Role.DESIGNER)}
