"""The staff navigation's links that no workplace role decides: Care providers and Design tool.

The nav asks their rules alone (not Django's model permissions, two queries on every page), so
these say the links still follow the rules, and a superuser still sees both."""

import pytest
from django.urls import reverse

from stegvis.organisation.models import Role
from tests.factories import RoleGrantFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _nav(login, user) -> str:
    html = login(user).get(reverse("clinic:start"), follow=True).content.decode()
    return html[html.index("<nav") : html.index("</nav>")]


def test_a_practitioner_sees_neither(world, login):
    nav = _nav(login, world.practitioner)
    assert reverse("clinic:providers") not in nav
    assert reverse("wagtailadmin_home") not in nav


def test_the_system_admin_sees_care_providers(world, login):
    nav = _nav(login, StaffFactory(is_system_admin=True, hsa_id=None))
    assert reverse("clinic:providers") in nav


def test_a_designer_sees_the_design_tool(world, login):
    designer = world.practitioner
    RoleGrantFactory(staff=designer, unit=world.unit, role=Role.DESIGNER)
    assert reverse("wagtailadmin_home") in _nav(login, designer)


def test_a_superuser_sees_both(world, login):
    superuser = world.practitioner
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    nav = _nav(login, superuser)
    assert reverse("clinic:providers") in nav
    assert reverse("wagtailadmin_home") in nav
