"""Open programs: the releases a citizen may start on their own, and starting one."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment, Phase
from stegvis.care.services import runtime
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.history import add_history
from stegvis.care.services.program import document_of
from stegvis.catalog.models import ProgramRelease, UnitActivation
from stegvis.db import atomic_write
from stegvis.organisation.models import CareUnit, User
from stegvis.organisation.permissions import is_active_citizen


def open_program_activations():
    """Active activations of open releases (document program.open), with release and unit."""
    return (
        UnitActivation.objects.filter(
            deactivated_at__isnull=True,
            release__withdrawal__isnull=True,
            release__document__program__open=True,
            unit__is_active=True,
        )
        .select_related("release", "unit")
        .order_by("release__name", "unit__name")
    )


@dataclass
class OpenProgram:
    """One open program as the citizen sees it: its newest active release and where it runs.

    `release_at` maps each offering unit's id to the newest release of the program active
    there (a unit may not have activated the newest version yet).
    """

    release: ProgramRelease
    units: list[CareUnit] = field(default_factory=list)
    release_at: dict[int, ProgramRelease] = field(default_factory=dict)


def _version(release: ProgramRelease) -> tuple[int, int]:
    return (release.major, release.minor)


def open_programs(activations=None) -> list[OpenProgram]:
    """One entry per open program (owner and key), not one per release: two active versions of
    a program are one program to the citizen, shown with its newest active release."""
    programs: dict[tuple[int, str], OpenProgram] = {}
    for activation in activations if activations is not None else open_program_activations():
        release, unit = activation.release, activation.unit
        entry = programs.setdefault((release.owner_id, release.program_key), OpenProgram(release))
        if _version(release) > _version(entry.release):
            entry.release = release
        here = entry.release_at.get(unit.pk)
        if here is None:
            entry.units.append(unit)
        if here is None or _version(release) > _version(here):
            entry.release_at[unit.pk] = release
    for entry in programs.values():
        entry.units.sort(key=lambda unit: (unit.name, unit.pk))
    return sorted(programs.values(), key=lambda entry: (entry.release.name, entry.release.pk))


def open_program_of(release_id: int) -> OpenProgram | None:
    """The open program that release `release_id` belongs to (any of its active versions)."""
    release = ProgramRelease.objects.filter(pk=release_id).only("owner_id", "program_key").first()
    if release is None:
        return None
    activations = open_program_activations().filter(
        release__owner_id=release.owner_id, release__program_key=release.program_key
    )
    found = open_programs(activations)
    return found[0] if found else None


@atomic_write
def start_open_program(*, actor: User, release: ProgramRelease, unit: CareUnit) -> Enrollment:
    """Start open program `release` at `unit` for the signed-in citizen.

    A self-help program starts at once in the treatment phase with no practitioner; a
    practitioner-led one waits in the unit's queue (phase "queued") for a citizen admin. Refused
    when the program is not open and active at the unit, or the citizen already runs it.
    """
    if not is_active_citizen(actor):
        raise PermissionDenied
    if not open_program_activations().filter(release=release, unit=unit).exists():
        raise ValidationError(
            _("This program cannot be started here. Choose one of the open programs."),
            code="not_open",
        )
    running = Enrollment.objects.filter(
        citizen=actor, release__program_key=release.program_key, unit=unit
    ).exclude(phase=Phase.CLOSED)
    if running.exists():
        raise ValidationError(_("You have already started this program."), code="running")
    self_help = document_of(release).program.mode == "self_help"
    now = timezone.now()
    enrollment = Enrollment.objects.create(
        citizen=actor,
        unit=unit,
        release=release,
        practitioner=None,
        phase=Phase.TREATMENT if self_help else Phase.QUEUED,
        start_date=timezone.localdate(),
        created_by=actor,
        phase_changed_at=now,
        last_activity_at=now,
        is_training=getattr(actor, "is_training", False),
    )
    add_history(
        enrollment,
        actor=actor,
        action="enrollment.started",
        by="citizen",
        release=release.pk,
        phase=enrollment.phase,
    )
    record_enrollment_change(
        enrollment, actor=actor, action="enrollment.start_open", target=enrollment
    )
    runtime.initialise(enrollment, actor=actor)
    return enrollment
