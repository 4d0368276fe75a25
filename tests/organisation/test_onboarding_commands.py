"""`manage.py organisation ...` sets an instance up and refuses bad input with exit status 1."""

import pytest
from django.core.management import CommandError, call_command

from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import (
    CareAssignment,
    CareProvider,
    CareUnit,
    Role,
    RoleGrant,
    User,
)
from tests.commands import run_command_line
from tests.factories import StaffFactory


def test_create_provider_with_its_first_admin(world, capsys):
    admin = StaffFactory()
    call_command(
        "organisation", "create-provider", "--code", "region-norr", "--name", "Region Norr",
        "--hsa-id", "SE2321000999-0001", "--admin-hsa-id", admin.hsa_id,
    )  # fmt: skip
    provider = CareProvider.objects.get(code="region-norr")
    assert provider.hsa_id == "SE2321000999-0001"
    grant = RoleGrant.objects.active().get(staff=admin, provider=provider)
    assert grant.role == Role.PROVIDER_ADMIN and grant.unit is None
    assert "Region Norr" in capsys.readouterr().out
    actions = set(
        AccessEvent.objects.filter(provider_id=provider.pk).values_list("action", flat=True)
    )
    assert actions == {"provider.create", "role.grant"}


def test_add_unit_and_staff_with_roles(world):
    call_command(
        "organisation", "add-unit", "--provider", world.provider.code, "--name", "Ny enhet",
        "--hsa-id", "se2321000065-n1",
    )  # fmt: skip
    unit = CareUnit.objects.get(hsa_id="SE2321000065-N1", provider=world.provider)
    call_command(
        "organisation", "add-staff", "--email", "Ny@Region.example", "--first-name", "Nora",
        "--last-name", "Nilsson", "--hsa-id", "SE2321000065-P1", "--unit", unit.hsa_id,
        "--role", "practitioner", "--role", "access_admin",
    )  # fmt: skip
    staff = User.objects.get(hsa_id="SE2321000065-P1")
    assert staff.email == "ny@region.example" and staff.is_care_staff
    assert not staff.has_usable_password()
    assert CareAssignment.objects.valid_on().filter(staff=staff, unit=unit).exists()
    roles = set(
        RoleGrant.objects.active().filter(staff=staff, unit=unit).values_list("role", flat=True)
    )
    assert roles == {Role.PRACTITIONER, Role.ACCESS_ADMIN}


def test_create_sysadmin_creates_or_promotes_staff(world):
    call_command(
        "organisation", "create-sysadmin", "--email", "drift@region.example",
        "--first-name", "Drift", "--last-name", "Ansvarig",
    )  # fmt: skip
    operator = User.objects.get(email="drift@region.example")
    assert operator.is_system_admin and operator.is_care_staff and operator.hsa_id is None
    call_command(
        "organisation", "create-sysadmin", "--email", world.practitioner.email,
        "--first-name", "x", "--last-name", "y",
    )  # fmt: skip
    world.practitioner.refresh_from_db()
    assert world.practitioner.is_system_admin
    assert AccessEvent.objects.filter(action="system_admin.appoint").count() == 2


def test_a_citizen_cannot_be_made_system_admin(world):
    with pytest.raises(CommandError, match=r"Only staff|Endast personal"):
        call_command(
            "organisation", "create-sysadmin", "--email", world.citizen.email,
            "--first-name", "x", "--last-name", "y",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add-unit", "--provider", "finns-inte", "--name", "X", "--hsa-id", "SE2321000065-X1"],
         "No care provider"),
        (["add-unit", "--provider", "{provider}", "--name", "X", "--hsa-id", "nej"],
         "giltigt HSA-id"),
        (["add-unit", "--provider", "{provider}", "--name", "X", "--hsa-id", "{unit}"],
         "finns redan"),
        (["create-provider", "--code", "{provider}", "--name", "Dubblett"], "finns redan"),
        (["create-provider", "--code", "ny", "--name", "N", "--admin-hsa-id", "SE2321000065-ZZ"],
         "No active staff"),
        (["add-staff", "--email", "a@b.example", "--first-name", "A", "--last-name", "B",
          "--hsa-id", "{staff}"], "finns redan"),
        (["add-staff", "--email", "a@b.example", "--first-name", "A", "--last-name", "B",
          "--hsa-id", "SE2321000065-Q9", "--role", "practitioner"], "needs --unit"),
        (["add-staff", "--email", "a@b.example", "--first-name", "A", "--last-name", "B",
          "--hsa-id", "SE2321000065-Q9", "--unit", "SE2321000065-NONE"], "No care unit"),
    ],
)  # fmt: skip
def test_bad_input_exits_non_zero_with_a_clear_message(world, argv, message, capsys):
    values = {
        "provider": world.provider.code,
        "unit": world.unit.hsa_id,
        "staff": world.practitioner.hsa_id,
    }
    argv = [part.format(**values) for part in argv]
    with pytest.raises(SystemExit) as excinfo:
        run_command_line(["manage.py", "organisation", *argv])
    assert excinfo.value.code == 1
    assert message in capsys.readouterr().err
    assert not User.objects.filter(hsa_id="SE2321000065-Q9").exists()
