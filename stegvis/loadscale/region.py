"""The generated region: providers, units, staff with HSA-ids, roles and TOTP, and releases.

Made once per data set and found again on a re-run (matched by HSA-id and release version).
Programs are released and activated through the catalog's own services, so every enrollment is
pinned to a real, valid release.
"""

import math
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction

from stegvis.catalog import services as catalog
from stegvis.catalog.models import ProgramRelease
from stegvis.demo.programs import artrosskola, depressionshjalpen, skeletons
from stegvis.design.services import ensure_design_roots
from stegvis.organisation.models import (
    TRIO,
    CareAssignment,
    CareProvider,
    CareUnit,
    Role,
    RoleGrant,
    User,
)

PASSWORD = "stegvis-loadscale-2026"
# One known RFC 4648 base32 secret for every generated staff member (like the demo's).
TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
DOMAIN = "loadscale.example"
CASELOAD = 120  # enrollments per practitioner when sizing a unit's staff
MAX_PRACTITIONERS = 150
# The web benchmark signs in 20 practitioners of the busiest unit at once.
BUSIEST_PRACTITIONERS = 20

REGION_NAMES = (
    "Region Norrbotten",
    "Region Dalarna",
    "Region Halland",
    "Region Gävleborg",
    "Region Värmland",
    "Region Blekinge",
    "Region Gotland",
    "Region Sörmland",
)
UNIT_KINDS = ("Psykiatri", "Vårdcentralen", "Rehab", "BUP", "Beroendevård")
TOWNS = ("Centrum", "Norr", "Söder", "Öster", "Väster", "Hamnen", "Backen", "Dalen")
# Program key, the function building its document, and its share of new enrollments.
PROGRAMS = (
    (depressionshjalpen.KEY, depressionshjalpen.document, 0.7),
    (artrosskola.KEY, artrosskola.document, 0.2),
    ("oroshjalpen", None, 0.1),
)


@dataclass
class Region:
    providers: list[CareProvider]
    units: list[CareUnit]
    unit_weights: list[float]
    practitioners: dict[int, list[int]]  # unit id -> staff ids (practitioner role)
    staff: list[dict] = field(default_factory=list)  # for the manifest, busiest unit first
    releases: dict[int, list[tuple[ProgramRelease, float]]] = field(default_factory=dict)
    password_hash: str = ""


def org_number(provider_index: int) -> str:
    return f"SE{2321000200 + provider_index}"


def unit_weights(count: int) -> list[float]:
    """A long tail: unit k gets a share proportional to 1/(k+1), so unit 0 is the busiest."""
    raw = [1 / (k + 1) for k in range(count)]
    total = sum(raw)
    return [w / total for w in raw]


def _program_document(key: str, build) -> dict:
    if build is not None:
        return build()
    skeleton = next(s for s in skeletons.SKELETONS if s.key == key)
    return skeletons.document(skeleton)


def _provider(index: int) -> CareProvider:
    name = REGION_NAMES[index % len(REGION_NAMES)]
    if index >= len(REGION_NAMES):
        name = f"{name} {index // len(REGION_NAMES) + 1}"
    provider, _ = CareProvider.objects.get_or_create(
        code=f"ls{index + 1}",
        defaults={"name": f"{name} (loadscale)", "hsa_id": f"{org_number(index)}-0001"},
    )
    return provider


def _unit(index: int, provider: CareProvider, provider_index: int) -> CareUnit:
    kind = UNIT_KINDS[index % len(UNIT_KINDS)]
    town = TOWNS[(index // len(UNIT_KINDS)) % len(TOWNS)]
    unit, _ = CareUnit.objects.get_or_create(
        hsa_id=f"{org_number(provider_index)}-U{index + 1:04d}",
        defaults={"name": f"{kind} {town} {index + 1}", "provider": provider},
    )
    return unit


def _staff_user(hsa_id: str, email: str, first: str, last: str, password_hash: str) -> User:
    user = User.objects.filter(hsa_id=hsa_id).first()
    if user is None:
        user = User.objects.create(
            email=email,
            kind=User.Kind.STAFF,
            hsa_id=hsa_id,
            first_name=first,
            last_name=last,
            password=password_hash,
        )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


def _grant(user: User, unit: CareUnit | None, provider: CareProvider, roles: list[str]) -> None:
    if unit is not None and not CareAssignment.objects.filter(staff=user, unit=unit).exists():
        CareAssignment.objects.create(staff=user, unit=unit, valid_from="2020-01-01")
    for role in roles:
        grants = RoleGrant.objects.active().filter(staff=user, role=role, provider=provider)
        if not grants.filter(unit=unit).exists():
            RoleGrant.objects.create(staff=user, role=role, provider=provider, unit=unit)


def _unit_staff(region: Region, unit: CareUnit, index: int, count: int) -> None:
    """`count` practitioners (the first also citizen admin and data admin), a citizen admin
    and an access admin."""
    org = unit.hsa_id.split("-")[0]
    people = [
        (f"B{k:04d}", "Behandlare", TRIO if k == 0 else [Role.PRACTITIONER]) for k in range(count)
    ]
    people += [
        ("I0001", "Invånaradmin", [Role.CITIZEN_ADMIN]),
        ("A0001", "Behörighet", [Role.ACCESS_ADMIN]),
    ]
    region.practitioners[unit.pk] = []
    for local, title, roles in people:
        hsa_id = f"{org}-U{index + 1:04d}{local}"
        email = f"u{index + 1}.{local.lower()}@{DOMAIN}"
        user = _staff_user(hsa_id, email, title, f"U{index + 1} {local}", region.password_hash)
        _grant(user, unit, unit.provider, roles)
        if Role.PRACTITIONER in roles:
            region.practitioners[unit.pk].append(user.pk)
        region.staff.append(
            {
                "username": email,
                "email": email,
                "password": PASSWORD,
                "totp_secret": TOTP_SECRET,
                "unit_id": unit.pk,
                "roles": [str(r) for r in roles],
            }
        )


def _releases(region: Region, provider: CareProvider, index: int, units: list[CareUnit]) -> None:
    org = org_number(index)
    publisher = _staff_user(
        f"{org}-PUB1",
        f"p{index + 1}.utgivare@{DOMAIN}",
        "Utgivare",
        f"P{index + 1}",
        region.password_hash,
    )
    admin = _staff_user(
        f"{org}-VGA1",
        f"p{index + 1}.vgadmin@{DOMAIN}",
        "Vårdgivaradmin",
        f"P{index + 1}",
        region.password_hash,
    )
    _grant(admin, None, provider, [Role.PROVIDER_ADMIN])
    _grant(publisher, units[0], provider, [Role.DESIGNER, Role.PUBLISHER])
    for key, build, share in PROGRAMS:
        document = _program_document(key, build)
        version = document["version"]
        release = ProgramRelease.objects.filter(
            owner=provider, program_key=key, major=version["major"], minor=version["minor"]
        ).first()
        if release is None:
            release = catalog.create_release(
                actor=publisher, owner=provider, document=document, release_notes="loadscale"
            )
        for unit in units:
            catalog.activate_release(actor=admin, release=release, unit=unit)
            region.releases.setdefault(unit.pk, []).append((release, share))


@transaction.atomic
def build_region(*, providers: int, units: int, enrollments: int) -> Region:
    """Create (or find) the region for `enrollments` spread over `units` at `providers`."""
    ensure_design_roots()
    provider_rows = [_provider(p) for p in range(providers)]
    unit_rows = [_unit(u, provider_rows[u % providers], u % providers) for u in range(units)]
    weights = unit_weights(units)
    region = Region(provider_rows, unit_rows, weights, {}, password_hash=make_password(PASSWORD))
    for index, unit in enumerate(unit_rows):
        expected = enrollments * weights[index]
        least = BUSIEST_PRACTITIONERS if index == 0 else 3
        count = max(least, min(MAX_PRACTITIONERS, math.ceil(expected / CASELOAD)))
        _unit_staff(region, unit, index, count)
    for p, provider in enumerate(provider_rows):
        _releases(region, provider, p, [u for u in unit_rows if u.provider_id == provider.pk])
    return region
