"""Catalog: the programs and releases the caller's provider may use, and activation per unit."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from stegvis.api import scopes as smart
from stegvis.api.rest.base import operation
from stegvis.catalog import services as catalog
from stegvis.catalog.models import ProgramRelease, UnitActivation
from stegvis.organisation.models import CareUnit

router = Router(tags=["catalog"])
RESOURCE = "PlanDefinition"


class ReleaseOut(Schema):
    id: int
    program_key: str
    name: str
    version: str
    developed_by: str
    owner: str
    released_at: str
    withdrawn: bool
    active_units: list[int]


class ProgramOut(Schema):
    program_key: str
    name: str
    latest_release: int
    latest_version: str


class UnitOut(Schema):
    id: int
    name: str
    hsa_id: str
    active_releases: list[int]


class ActivationIn(Schema):
    release: int


def _releases(caller):
    active = UnitActivation.objects.filter(deactivated_at__isnull=True, unit_id__in=caller.unit_ids)
    return (
        # Its own releases (also withdrawn ones, to see them) and those it may use.
        ProgramRelease.objects.filter(catalog.usable_by(caller.provider) | Q(owner=caller.provider))
        .select_related("owner", "withdrawal")
        .prefetch_related(Prefetch("activations", queryset=active, to_attr="active_here"))
        .distinct()
        .order_by("program_key", "-major", "-minor")
    )


def _release_out(release) -> dict:
    return {
        "id": release.pk,
        "program_key": release.program_key,
        "name": release.name,
        "version": f"{release.major}.{release.minor}",
        "developed_by": release.developed_by,
        "owner": release.owner.name,
        "released_at": release.released_at.isoformat(),
        "withdrawn": hasattr(release, "withdrawal"),
        "active_units": sorted({a.unit_id for a in release.active_here}),
    }


@router.get("/releases", response=list[ReleaseOut], summary="Releases the provider may use")
@operation(RESOURCE)
def list_releases(request, caller):
    return [_release_out(r) for r in _releases(caller)]


@router.get("/releases/{int:release_id}", response=ReleaseOut, summary="One release")
@operation(RESOURCE)
def get_release(request, caller, release_id: int):
    return _release_out(get_object_or_404(_releases(caller), pk=release_id))


@router.get("/programs", response=list[ProgramOut], summary="Programs and their latest release")
@operation(RESOURCE)
def list_programs(request, caller):
    latest: dict[str, ProgramRelease] = {}
    for release in _releases(caller):
        latest.setdefault(release.program_key, release)
    return [
        {
            "program_key": key,
            "name": r.name,
            "latest_release": r.pk,
            "latest_version": f"{r.major}.{r.minor}",
        }
        for key, r in latest.items()
    ]


def _units(caller):
    active = UnitActivation.objects.filter(deactivated_at__isnull=True)
    return (
        CareUnit.objects.filter(pk__in=caller.unit_ids)
        .prefetch_related(Prefetch("activations", queryset=active, to_attr="active_here"))
        .order_by("name")
    )


def _unit_out(unit) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "hsa_id": unit.hsa_id or "",
        "active_releases": sorted({a.release_id for a in unit.active_here}),
    }


@router.get("/units", response=list[UnitOut], summary="The caller's units and what is active")
@operation(RESOURCE)
def list_units(request, caller):
    return [_unit_out(u) for u in _units(caller)]


@router.post(
    "/units/{int:unit_id}/activations",
    response={201: UnitOut},
    summary="Activate a release on a unit (provider admin's app)",
)
@operation(RESOURCE, smart.WRITE)
def activate(request, caller, unit_id: int, payload: ActivationIn):
    unit = get_object_or_404(CareUnit, pk=unit_id, pk__in=caller.unit_ids)
    release = get_object_or_404(_releases(caller), pk=payload.release)
    catalog.activate_release(actor=caller.user, release=release, unit=unit)
    return Status(201, _unit_out(get_object_or_404(_units(caller), pk=unit.pk)))


@router.delete(
    "/units/{int:unit_id}/activations/{int:release_id}",
    response=UnitOut,
    summary="Deactivate a release on a unit (provider admin's app)",
)
@operation(RESOURCE, smart.WRITE)
def deactivate(request, caller, unit_id: int, release_id: int):
    unit = get_object_or_404(CareUnit, pk=unit_id, pk__in=caller.unit_ids)
    release = get_object_or_404(_releases(caller), pk=release_id)
    catalog.deactivate_release(actor=caller.user, release=release, unit=unit)
    return _unit_out(get_object_or_404(_units(caller), pk=unit.pk))
