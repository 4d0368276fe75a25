"""Spärr: a citizen blocks a unit's, or a whole provider's, access to their information.

The rule, asked in one place (`unit_may_see`): staff working from a unit see a citizen's
information held by *that* unit, as ever (PDL: the unit that keeps a record keeps it); they see
nothing held by another unit, and a block makes sure of that for the blocked unit even where
information would otherwise cross units. Today it crosses only in a handover (the receiving
unit reads the sending unit's enrollment, then takes it over) and in the citizen search (the
name shown to a unit with no care relationship). Both ask here. See
docs/consent-and-blocking.md.

Setting and lifting a block is the citizen's own act: one transaction and one access-log event
each, recorded in the chain of the blocked provider.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.care.models import AccessBlock, Enrollment
from stegvis.db import atomic_write
from stegvis.organisation.models import CareProvider, CareUnit, User
from stegvis.organisation.permissions import is_active_citizen


def _blocking(unit: CareUnit) -> Q:
    """Active blocks that cover `unit`: on the unit itself or on its whole provider."""
    return Q(lifted_at__isnull=True) & (
        Q(unit_id=unit.pk) | Q(unit__isnull=True, provider_id=unit.provider_id)
    )


def blocked_here(unit: CareUnit, citizen=None) -> Exists:
    """As an expression: an active block by `citizen` (default: the row's enrollment's) on
    `unit` or its provider, so a list or a fetch asks in its own query."""
    citizen = OuterRef("enrollment__citizen_id") if citizen is None else citizen
    return Exists(AccessBlock.objects.filter(_blocking(unit), citizen_id=citizen))


def is_blocked(citizen_id: int, unit: CareUnit) -> bool:
    """Whether the citizen has blocked `unit` (or its provider). One query."""
    return AccessBlock.objects.filter(_blocking(unit), citizen_id=citizen_id).exists()


def blocked_citizen_ids(unit: CareUnit, citizen_ids) -> set[int]:
    """Which of `citizen_ids` have blocked `unit`: one query for a whole list."""
    ids = set(citizen_ids)
    if not ids:
        return set()
    return set(
        AccessBlock.objects.filter(_blocking(unit), citizen_id__in=ids).values_list(
            "citizen_id", flat=True
        )
    )


def unit_may_see(unit: CareUnit, citizen_id: int, held_by_unit_id: int) -> bool:
    """Whether staff at `unit` may see the citizen's information held by unit `held_by_unit_id`.

    A unit sees what it holds; another unit's information only where a flow between units
    allows it (a handover) and the citizen has not blocked the unit.
    """
    if unit.pk == held_by_unit_id:
        return True
    return not is_blocked(citizen_id, unit)


def blockable_units(citizen: User):
    """Units the citizen may block: the active units of every provider they are in care with."""
    providers = Enrollment.objects.filter(citizen=citizen).values("unit__provider_id")
    return (
        CareUnit.objects.filter(provider_id__in=providers, is_active=True)
        .select_related("provider")
        .order_by("provider__name", "name", "pk")
    )


def active_blocks(citizen: User) -> list[AccessBlock]:
    return list(
        AccessBlock.objects.filter(citizen=citizen, lifted_at__isnull=True)
        .select_related("unit", "provider")
        .order_by("-created_at", "-pk")
    )


def _record(actor: User, block: AccessBlock, action: str) -> None:
    record_change(
        actor=actor,
        action=action,
        citizen=actor,
        unit=block.unit,
        provider=block.provider,
        target=block,
    )


@atomic_write
def block_access(
    *, actor: User, unit: CareUnit | None = None, provider: CareProvider | None = None
) -> AccessBlock:
    """Block `unit` (or, with `provider` only, every unit of the provider) for the citizen.

    Only a provider or unit the citizen is in care with (`blockable_units`); a block already in
    place is returned as it is (a second click, another tab).
    """
    if not is_active_citizen(actor):
        raise PermissionDenied
    allowed = blockable_units(actor)
    if unit is not None:
        if not allowed.filter(pk=unit.pk).exists():
            raise ValidationError(_("Choose a unit from the list."), code="unknown_unit")
        provider = unit.provider
    elif provider is None or not allowed.filter(provider_id=provider.pk).exists():
        raise ValidationError(_("Choose a unit or a care provider from the list."), code="unknown")
    existing = AccessBlock.objects.filter(
        citizen=actor, provider=provider, unit=unit, lifted_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            block = AccessBlock.objects.create(citizen=actor, provider=provider, unit=unit)
    except IntegrityError:  # the same block set at the same moment in another request
        return AccessBlock.objects.get(
            citizen=actor, provider=provider, unit=unit, lifted_at__isnull=True
        )
    _record(actor, block, "care.block")
    return block


@atomic_write
def lift_block(*, actor: User, block_id: int) -> AccessBlock:
    """Lift one of the citizen's own blocks (another's is "not found"); twice is a no-op."""
    block = (
        AccessBlock.objects.select_for_update(of=("self",))
        .select_related("unit", "provider")
        .filter(pk=block_id, citizen_id=actor.pk)
        .first()
    )
    if block is None or not is_active_citizen(actor):
        raise AccessBlock.DoesNotExist
    if block.lifted_at is None:
        block.lifted_at = timezone.now()
        block.save(update_fields=["lifted_at"])
        _record(actor, block, "care.block_lift")
    return block
