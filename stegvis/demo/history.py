"""A year of demo history, so every usage and outcome chart shows something real.

About 160 past enrollments of made-up citizens at the Kronoberg units, started over the last
twelve months: most completed (maintenance, then closed), some closed early, some still
running, a few handed over from psychiatry to rehab. Each has completed modules, a first and a
later response to the program's questionnaires (most better, some unchanged, a few worse),
scored by the instrument engine, and messages answered by the care team.

Deterministic: one fixed seed, dates relative to today. Idempotent: skipped when the history's
first citizen exists. Written with bulk_create (no services, so no access-log events and no
notifications: this is history, not something that happens now). The personas' own
enrollments are untouched; the history's citizens are `historik-NNN@stegvis.example`.
"""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from stegvis.catalog.services import active_releases
from stegvis.demo import personas
from stegvis.demo.history_rows import HistoryRows
from stegvis.organisation.models import CareUnit, Role, RoleGrant, User

SEED = 20261202
HOW_MANY = 160
# (unit key, program name, weight): where the history happens and how often.
PROGRAMS = (
    ("psych", "Depressionshjälpen", 5),
    ("psych", "Oroshjälpen", 2),
    ("psych", "MADRS-S och EQ-5D vid ECT", 1),
    ("psych", "Ångesthjälpen", 2),
    ("rehab", "Depressionshjälpen", 2),
    ("rehab", "Artrosskola", 3),
    ("rehab", "Ångesthjälpen", 2),
    ("rehab", "Stresshjälpen", 2),
    ("bup", "Ångesthjälpen ung", 2),
)
FIRST_NAMES = ("Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Ali", "Elin", "Omar")
LAST_NAMES = ("Berg", "Lind", "Holm", "Nyström", "Ek", "Sandberg", "Axelsson", "Karimi", "Olsson")


def email(n: int) -> str:
    return f"historik-{n:03d}@{personas.DOMAIN}"


@transaction.atomic
def load_demo_history() -> None:
    if User.objects.filter(email=email(0)).exists():
        return
    places = _places()
    if not places:
        return
    rng = random.Random(SEED)
    now = timezone.now()
    citizens = _citizens(rng)
    rows = HistoryRows(rng, now)
    weights = [place["weight"] for place in places]
    for citizen in citizens:
        place = rng.choices(places, weights)[0]
        rows.enrollment(citizen, place, _handover_target(rng, place, places))
    rows.save()


def _places() -> list[dict]:
    """Each (unit, release) of PROGRAMS active now, with the unit's real practitioners."""
    units = {
        unit.hsa_id: unit
        for unit in CareUnit.objects.filter(hsa_id__in=[v[1] for v in personas.UNITS.values()])
    }
    places = []
    for unit_key, name, weight in PROGRAMS:
        unit = units.get(personas.UNITS[unit_key][1])
        release = (
            active_releases(unit).filter(name=name).order_by("-major", "-minor").first()
            if unit
            else None
        )
        staff = list(
            RoleGrant.objects.active()
            .filter(unit=unit, role=Role.PRACTITIONER, staff__is_training=False)
            .order_by("staff__email")
            .values_list("staff", flat=True)
        )
        if release is not None and staff:
            places.append(
                {
                    "unit": unit,
                    "release": release,
                    "staff": staff,
                    "weight": weight,
                    "key": unit_key,
                }
            )
    return places


def _handover_target(rng: random.Random, place: dict, places: list[dict]) -> dict | None:
    """Now and then a psychiatry enrollment moves to rehab, where the program also runs."""
    if place["key"] != "psych" or rng.random() > 0.2:
        return None
    return next(
        (p for p in places if p["key"] == "rehab" and p["release"] == place["release"]), None
    )


def _citizens(rng: random.Random) -> list[User]:
    password = make_password(None)
    taken = set(
        User.objects.filter(personnummer__isnull=False).values_list("personnummer", flat=True)
    )
    citizens = []
    for n in range(HOW_MANY):
        while True:
            birth = dt.date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28))
            serial = f"{rng.randint(0, 999):03d}"
            stem = birth.strftime("%Y%m%d")
            number = f"{stem}{serial}{luhn.calc_check_digit(stem[2:] + serial)}"
            if number not in taken:
                taken.add(number)
                break
        citizens.append(
            User(
                kind=User.Kind.CITIZEN,
                email=email(n),
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                personnummer=number,
                password=password,
            )
        )
    return User.objects.bulk_create(citizens)
