"""The demo region's program catalog: four programs in full, the rest as short skeletons.

Ownership (see docs/programs.md): programs Region Kronoberg's own staff developed are owned by the
demo "kronoberg" provider. Programs developed elsewhere (Psykologpartners, Västra Götaland,
Region Jönköping, RCC, Kalmar) are owned by the demo "jonkoping" provider, which stands in for
the developer, released to both providers, and used by Kronoberg under a recorded agreement
(nyttjandeavtal) whose notes name the real developer. `developed_by` always names the real one.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from stegvis.catalog import services
from stegvis.catalog.models import ProgramAgreement, ProgramRelease
from stegvis.demo import personas
from stegvis.demo.programs import artrosskola, depressionshjalpen, ect, matdagboken, skeletons
from stegvis.demo.programs.design_pages import ensure_design_page
from stegvis.organisation.models import CareProvider, CareUnit, User

HOME, HOST = "kronoberg", "jonkoping"


@dataclass(frozen=True)
class Entry:
    key: str
    build: Callable[[], dict]
    owner: str
    units: tuple[str, ...]  # keys of personas.UNITS where it is active
    agreement: str = ""  # notes of Kronoberg's agreement, for programs owned by HOST
    agreement_from: dt.date = dt.date(2020, 1, 1)


IKBT = "Köpt genom avtal med Psykologpartners W & W AB (iKBT-programmen)."
_SKELETON_PLACES = {
    # key: (owner, units, agreement notes, agreement start)
    "oroshjalpen": (HOST, ("rehab", "psych"), IKBT, None),
    "sovhjalpen": (HOST, ("rehab", "psych"), IKBT, None),
    "stresshjalpen": (HOST, ("rehab", "psych"), IKBT, None),
    "angesthjalpen": (HOST, ("rehab", "psych"), IKBT, None),
    "angesthjalpen-ung": (HOST, ("bup",), IKBT, None),
    "angesthjalpen-ung-foraldrastod": (HOST, ("bup",), IKBT, None),
    "adhd-hjalpen": (
        HOST,
        ("psych",),
        "ADHD-hjälpen tillkom genom ett avtal 2022 med Psykologpartners W & W AB.",
        dt.date(2022, 1, 1),
    ),
    "barn-med-sprakstorning": (
        HOST,
        ("bup",),
        "Utvecklat av Västra Götalandsregionen. Personalen går utbildningen innan start.",
        None,
    ),
    "lara-kanna": (HOME, ("bup",), "", None),
    "sjukskrivningskollen": (
        HOST,
        ("rehab",),
        "Utvecklat av Landstinget i Kalmar län; används genom avtal med Region Kalmar län.",
        None,
    ),
    "tobakshjalpen": (HOST, ("rehab", "jkp"), "Utvecklat av Region Jönköpings län.", None),
    "hjartskola": (HOST, ("rehab",), "Utvecklat av Västra Götalandsregionen.", None),
    "min-vardplan-cancer": (
        HOST,
        (),
        "Utvecklat av Regionala cancercentrum i samverkan (RCC).",
        None,
    ),
    "ny-vikt-pa-sikt": (HOME, ("rehab",), "", None),
}


def _skeleton_entry(skeleton: skeletons.Skeleton) -> Entry:
    owner, units, notes, start = _SKELETON_PLACES[skeleton.key]
    return Entry(
        key=skeleton.key,
        build=lambda: skeletons.document(skeleton),
        owner=owner,
        units=units,
        agreement=notes,
        agreement_from=start or dt.date(2020, 1, 1),
    )


CATALOG: tuple[Entry, ...] = (
    Entry(depressionshjalpen.KEY, depressionshjalpen.document, HOST, ("rehab", "psych"), IKBT),
    Entry(artrosskola.KEY, artrosskola.document, HOME, ("rehab",)),
    Entry(matdagboken.KEY, matdagboken.document, HOME, ("rehab",)),
    Entry(ect.KEY, ect.document, HOME, ("psych",)),
    *(_skeleton_entry(s) for s in skeletons.SKELETONS),
)


def _provider_admin(code: str) -> User:
    persona = next(p for p in personas.STAFF if p.provider_admin_of == code)
    return User.objects.get(email=persona.email)


@transaction.atomic
def load_demo_programs() -> None:
    """Release every catalog entry, record agreements and activate on the demo units.

    Each program also exists as the design-tool page tree its release came from (releasing the
    tree gives the same document back). Idempotent: a release with the same owner, key and
    version is kept as it is; existing pages, agreements and activations are not duplicated.
    """
    providers = {p.code: p for p in CareProvider.objects.filter(code__in=(HOME, HOST))}
    units = {
        key: CareUnit.objects.select_related("provider").get(hsa_id=hsa_id)
        for key, (_, hsa_id, _) in personas.UNITS.items()
    }
    admins = {code: _provider_admin(code) for code in (HOME, HOST)}
    for entry in CATALOG:
        owner = providers[entry.owner]
        document = entry.build()
        version = document["version"]
        ensure_design_page(owner, document)
        release = ProgramRelease.objects.filter(
            owner=owner, program_key=entry.key, major=version["major"], minor=version["minor"]
        ).first()
        if release is None:
            release = services.create_release(
                actor=None,
                owner=owner,
                document=document,
                providers=[owner] if entry.owner == HOME else [owner, providers[HOME]],
                release_notes="Demo",
            )
        if (
            entry.owner != HOME
            and not ProgramAgreement.objects.filter(
                owner=owner, user_provider=providers[HOME], program_key=entry.key
            ).exists()
        ):
            services.create_agreement(
                actor=admins[HOME],
                provider=providers[HOME],
                owner=owner,
                user_provider=providers[HOME],
                program_key=entry.key,
                valid_from=entry.agreement_from,
                notes=entry.agreement,
            )
        for unit_key in entry.units:
            unit = units[unit_key]
            services.activate_release(actor=admins[unit.provider.code], release=release, unit=unit)
