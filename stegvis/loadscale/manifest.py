"""The manifest the web benchmark reads: who signs in, where, and how busy each unit is.

Contract (docs/scaling.md): {"seed", "enrollments", "staff": [{username, email, password,
totp_secret, unit_id, roles}], "provider_admins": [{username, email, password, totp_secret,
provider_id, roles}], "citizens": [{username, email, password, enrollment_id, step_url,
module_key}], "units": [{id, name, enrollments}]}. Staff come busiest unit first,
practitioners first; citizens have a running enrollment (treatment phase) with an open step.
The provider admins are for the provider-wide statistics pages.
"""

import json
from pathlib import Path

from django.db.models import Count
from django.urls import reverse

from stegvis.care.models import Enrollment, ModuleState, Phase
from stegvis.loadscale.context import Context
from stegvis.loadscale.models import GeneratedRun
from stegvis.loadscale.region import PASSWORD, TOTP_SECRET, Region
from stegvis.organisation.models import CareUnit, Role, RoleGrant

CITIZENS = 50


def _units(region: Region) -> list[dict]:
    counts = dict(
        Enrollment.objects.filter(unit__in=region.units)
        .values_list("unit")
        .annotate(n=Count("id"))
        .order_by()
    )
    units = CareUnit.objects.filter(pk__in=[u.pk for u in region.units])
    rows = [{"id": u.pk, "name": u.name, "enrollments": counts.get(u.pk, 0)} for u in units]
    return sorted(rows, key=lambda row: (-row["enrollments"], row["id"]))


def _staff(region: Region, unit_order: list[int]) -> list[dict]:
    rank = {unit_id: n for n, unit_id in enumerate(unit_order)}
    return sorted(
        region.staff,
        key=lambda s: (rank.get(s["unit_id"], len(rank)), Role.PRACTITIONER not in s["roles"]),
    )


def _provider_admins(region: Region) -> list[dict]:
    grants = (
        RoleGrant.objects.active()
        .filter(role=Role.PROVIDER_ADMIN, provider__in=region.providers, unit=None)
        .select_related("staff")
        .order_by("provider_id", "pk")
    )
    return [
        {
            "username": grant.staff.email,
            "email": grant.staff.email,
            "password": PASSWORD,
            "totp_secret": TOTP_SECRET,
            "provider_id": grant.provider_id,
            "roles": [str(Role.PROVIDER_ADMIN)],
        }
        for grant in grants
    ]


def _citizens(context: Context, unit_order: list[int], count: int) -> list[dict]:
    """Citizens with a running enrollment, busiest unit first, each with the first step of
    their newest open module."""
    steps = {plan.release_id: plan for unit in context.units for plan, _ in unit.programs}
    found: list[dict] = []
    for unit_id in unit_order:
        running = (
            Enrollment.objects.filter(unit_id=unit_id, phase=Phase.TREATMENT)
            .select_related("citizen")
            .order_by("pk")[: count - len(found)]
        )
        for enrollment in running:
            open_keys = set(
                ModuleState.objects.filter(
                    enrollment=enrollment, visibility=ModuleState.Visibility.OPEN
                ).values_list("module_key", flat=True)
            )
            modules = [m for m in steps[enrollment.release_id].modules if m.key in open_keys]
            if not modules:
                continue
            module = modules[-1]
            email = enrollment.citizen.email
            found.append(
                {
                    "username": email,
                    "email": email,
                    "password": PASSWORD,
                    "enrollment_id": enrollment.pk,
                    "step_url": reverse("portal:step", args=[enrollment.pk, module.steps[0]]),
                    "module_key": module.key,
                }
            )
        if len(found) >= count:
            break
    return found


def build_manifest(run: GeneratedRun, context: Context, region: Region, enrollments: int) -> dict:
    units = _units(region)
    order = [u["id"] for u in units]
    return {
        "seed": run.seed,
        "enrollments": enrollments,
        "staff": _staff(region, order),
        "provider_admins": _provider_admins(region),
        "citizens": _citizens(context, order, CITIZENS),
        "units": units,
    }


def write_manifest(path: Path, manifest: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
