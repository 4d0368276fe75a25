"""The demo command loads a region with every persona, idempotently, and only when asked.

`full_demo` is the demo as the command loads it, once for the session (tests/plugins/demo.py).
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stegvis.demo import personas
from stegvis.organisation.models import CareUnit, Role, RoleGrant, User
from stegvis.organisation.roles import roles_of


def _run(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_every_persona_and_prints_their_sign_in(full_demo):
    output = _run()
    for persona in personas.STAFF + personas.CITIZENS:
        assert persona.email in output
        assert User.objects.filter(email=persona.email).exists()
    assert personas.DEMO_PASSWORD in output
    assert personas.DEMO_TOTP_SECRET in output


def test_every_persona_signs_in_with_the_demo_password(demo_users):
    # The loader hashes the shared password once and gives every account that hash.
    for key, user in demo_users.items():
        assert user.check_password(personas.DEMO_PASSWORD), key
        assert user.has_usable_password(), key


def test_demo_is_idempotent(full_demo):
    counts = (User.objects.count(), CareUnit.objects.count(), RoleGrant.objects.count())
    _run("--quiet")
    assert (User.objects.count(), CareUnit.objects.count(), RoleGrant.objects.count()) == counts


def test_demo_region_has_three_units_and_every_role(full_demo):
    kronoberg_units = CareUnit.objects.filter(provider__code="kronoberg")
    assert kronoberg_units.count() == 3
    held = set(RoleGrant.objects.active().values_list("role", flat=True))
    assert held == {r.value for r in Role}
    trio = User.objects.get(email=f"trio@{personas.DOMAIN}")
    for unit_roles in roles_of(trio).by_unit.values():
        assert {"practitioner", "citizen_admin", "data_admin"} <= unit_roles
    assert User.objects.get(email=f"testbehandlare@{personas.DOMAIN}").is_training
    assert User.objects.get(email=f"testinvanare@{personas.DOMAIN}").is_training


def test_each_unit_starts_with_two_access_admins(full_demo):
    for unit in CareUnit.objects.filter(provider__code="kronoberg"):
        admins = RoleGrant.objects.active().filter(unit=unit, role=Role.ACCESS_ADMIN)
        assert admins.count() >= 2


def test_demo_is_refused_in_production(db, settings):
    settings.DEBUG = False
    settings.DEMO = False
    with pytest.raises(CommandError):
        _run("--quiet")


def test_demo_prints_the_current_totp_code(db):
    code = _run("--code").strip()
    assert len(code) == 6 and code.isdigit()
