"""Test personas for every access level, built once per test (see STYLE.md)."""

from dataclasses import dataclass

import pytest
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from django.utils import timezone

from stegvis.organisation.models import CareProvider, CareUnit, Role, RoleGrant, User
from tests.factories import (
    CitizenFactory,
    ProviderFactory,
    StaffFactory,
    UnitFactory,
    assign,
    make_provider_admin,
)
from tests.signin import sign_in


@dataclass
class World:
    provider: CareProvider
    unit: CareUnit
    other_unit: CareUnit
    other_provider: CareProvider
    foreign_unit: CareUnit
    citizen: User
    other_citizen: User
    practitioner: User
    other_unit_practitioner: User
    citizen_admin: User
    access_admin: User
    data_admin: User
    provider_admin: User
    designer: User
    foreign_staff: User
    inactivated_staff: User
    unassigned_staff: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "anonymous",
    "citizen",
    "other_citizen",
    "practitioner",
    "other_unit_practitioner",
    "citizen_admin",
    "access_admin",
    "data_admin",
    "provider_admin",
    "designer",
    "foreign_staff",
    "inactivated_staff",
]


@pytest.fixture
def world(db) -> World:
    provider = ProviderFactory(name="Region Test", code="test")
    unit = UnitFactory(provider=provider, name="Psykiatri Test")
    other_unit = UnitFactory(provider=provider, name="Rehab Test")
    other_provider = ProviderFactory(name="Region Annan", code="annan")
    foreign_unit = UnitFactory(provider=other_provider, name="Vårdcentral Annan")
    inactivated = assign(StaffFactory(), unit, Role.PRACTITIONER, Role.ACCESS_ADMIN)
    RoleGrant.objects.filter(staff=inactivated).update(inactivated_at=timezone.now())
    return World(
        provider=provider,
        unit=unit,
        other_unit=other_unit,
        other_provider=other_provider,
        foreign_unit=foreign_unit,
        citizen=CitizenFactory(first_name="Tolvan"),
        other_citizen=CitizenFactory(),
        practitioner=assign(StaffFactory(), unit, Role.PRACTITIONER),
        other_unit_practitioner=assign(StaffFactory(), other_unit, Role.PRACTITIONER),
        citizen_admin=assign(StaffFactory(), unit, Role.CITIZEN_ADMIN),
        access_admin=assign(StaffFactory(), unit, Role.ACCESS_ADMIN),
        data_admin=assign(StaffFactory(), unit, Role.DATA_ADMIN),
        provider_admin=make_provider_admin(StaffFactory(), provider),
        designer=assign(StaffFactory(), unit, Role.DESIGNER),
        foreign_staff=assign(
            StaffFactory(), foreign_unit, Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.ACCESS_ADMIN
        ),
        inactivated_staff=inactivated,
        unassigned_staff=StaffFactory(),
    )


@pytest.fixture
def login(client):
    """Sign `user` in (skipping the password and TOTP steps, which have their own tests)."""

    def _login(user: User | None):
        client.logout()
        if user is not None:
            sign_in(client, user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _audit_key_and_checkpoints(settings, tmp_path):
    """A test's own audit key (not the public development key) and checkpoint directory."""
    settings.AUDIT_HMAC_KEYS = {"test-1": "test-audit-key-" + "q" * 40}
    settings.AUDIT_HMAC_KEY_ID = "test-1"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


_sql_flush = PostgresOperations.sql_flush


def _flush_past_the_audit_triggers(self, style, tables, **kwargs):
    """Transactional tests empty the database with TRUNCATE, which the access log's trigger
    refuses (ADR 0007). Tests run as a superuser, who may switch user triggers off for the
    flush's own transaction; production keeps refusing.
    """
    sql = _sql_flush(self, style, tables, **kwargs)
    return ["SET LOCAL session_replication_role = replica", *sql] if sql else sql


PostgresOperations.sql_flush = _flush_past_the_audit_triggers
