"""Create or refresh the demo region. Idempotent: running it twice changes nothing."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction

from stegvis.demo import personas
from stegvis.demo.audit import load_demo_audit
from stegvis.demo.care import load_demo_care
from stegvis.demo.ect import load_demo_ect
from stegvis.demo.groups import load_demo_groups
from stegvis.demo.handover import load_demo_handover
from stegvis.demo.history import load_demo_history
from stegvis.demo.initiatives import load_demo_initiatives
from stegvis.demo.messaging import load_demo_messages
from stegvis.demo.notifications import load_demo_notifications
from stegvis.demo.programs import load_demo_programs
from stegvis.demo.relatives import load_demo_relatives
from stegvis.design.services import ensure_design_roots
from stegvis.organisation.models import (
    CareAssignment,
    CareProvider,
    CareUnit,
    Role,
    RoleGrant,
    User,
)
from stegvis.statistics.summaries.refresh import refresh as refresh_summaries


@transaction.atomic
def load_demo() -> None:
    providers = {}
    for data in (personas.PROVIDER, personas.OTHER_PROVIDER):
        providers[data["code"]], _ = CareProvider.objects.update_or_create(
            code=data["code"], defaults={"name": data["name"], "hsa_id": data["hsa_id"]}
        )
    units = {}
    for key, (name, hsa_id, provider_code) in personas.UNITS.items():
        units[key], _ = CareUnit.objects.update_or_create(
            hsa_id=hsa_id, defaults={"name": name, "provider": providers[provider_code]}
        )
    # Every persona has the same password: hashed once (Argon2 takes about half a second a
    # time) and the hash given to each account, as stegvis/loadscale does for its staff.
    password = _LazyHash()
    for persona in personas.STAFF:
        _staff(persona, providers, units, password)
    for persona in personas.CITIZENS:
        citizen = _user(
            persona.email,
            password,
            User.Kind.CITIZEN,
            persona.first_name,
            persona.last_name,
            persona.is_training,
            personnummer=persona.personnummer,
        )
        if persona.test_patient_of:
            staff = User.objects.get(email=f"{persona.test_patient_of}@{personas.DOMAIN}")
            User.objects.filter(pk=citizen.pk).update(test_patient_of=staff)
    ensure_design_roots()
    load_demo_programs()
    load_demo_care()
    load_demo_handover()
    load_demo_audit()
    load_demo_messages()
    load_demo_relatives()
    load_demo_notifications()
    load_demo_initiatives()
    # Last: a year of past enrollments for the statistics, beside the personas' own, and six
    # rated ECT series (the outcomes page's real case for a measurement-only program).
    load_demo_history()
    load_demo_ect()
    # After every enrollment exists, so that loading again adds nobody to the demo's groups.
    load_demo_groups()
    # The statistics pages read summaries: the history was written with past timestamps the
    # scheduler's incremental refresh would not look for, so build them all once here.
    refresh_summaries(full=True)


def _staff(persona, providers: dict, units: dict, password: "_LazyHash") -> None:
    """One staff persona: the account, the demo's TOTP, their role grants and assignments."""
    user = _user(
        persona.email,
        password,
        User.Kind.STAFF,
        persona.first_name,
        persona.last_name,
        persona.is_training,
        hsa_id=persona.hsa_id,
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, personas.DEMO_TOTP_SECRET)
    if persona.is_system_admin and not user.is_system_admin:
        user.is_system_admin = True
        user.save(update_fields=["is_system_admin"])
    if persona.provider_admin_of:
        provider = providers[persona.provider_admin_of]
        if (
            not RoleGrant.objects.active()
            .filter(staff=user, role=Role.PROVIDER_ADMIN, provider=provider)
            .exists()
        ):
            RoleGrant.objects.create(staff=user, role=Role.PROVIDER_ADMIN, provider=provider)
    for unit_key, roles in persona.unit_roles.items():
        unit = units[unit_key]
        if not CareAssignment.objects.valid_on().filter(staff=user, unit=unit).exists():
            CareAssignment.objects.create(staff=user, unit=unit)
        for role in roles:
            if not RoleGrant.objects.active().filter(staff=user, role=role, unit=unit).exists():
                RoleGrant.objects.create(
                    staff=user, role=role, unit=unit, provider_id=unit.provider_id
                )


class _LazyHash:
    """The demo password's hash, made the first time an account needs it (a second load,
    which changes no password, makes none)."""

    def __init__(self) -> None:
        self._hash: str | None = None

    def get(self) -> str:
        if self._hash is None:
            self._hash = make_password(personas.DEMO_PASSWORD)
        return self._hash


def _user(
    email, password: _LazyHash, kind, first_name, last_name, is_training, **identifiers
) -> User:
    user, created = User.objects.update_or_create(
        email=email,
        defaults={
            "kind": kind,
            "first_name": first_name,
            "last_name": last_name,
            "is_training": is_training,
            "is_active": True,
            **identifiers,
        },
    )
    if created or not user.check_password(personas.DEMO_PASSWORD):
        user.password = password.get()
        user.save(update_fields=["password"])
    return user
