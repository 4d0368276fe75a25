"""Sending operational messages and marking them read; each change is in the access log."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.bulletins.models import Bulletin, BulletinRead
from stegvis.db import atomic_write
from stegvis.organisation.models import CareProvider, CareUnit, Role, User
from stegvis.organisation.permissions import require_perm


@atomic_write
def publish_bulletin(
    *,
    actor: User,
    provider: CareProvider,
    title: str,
    body: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    units: list[CareUnit] | None = None,
) -> Bulletin:
    """Send a message to `units` of `provider`, or to all its units when `units` is empty.

    Refuses an end date before the start and a unit of another provider.
    """
    require_perm(actor, "bulletins.manage", provider)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The end date cannot be before the start date.")}, code="ends_early"
        )
    units = list(units or [])
    if any(unit.provider_id != provider.pk for unit in units):
        raise ValidationError({"units": _("Choose units of your own provider.")}, code="unit")
    bulletin = Bulletin.objects.create(
        provider=provider,
        title=title.strip(),
        body=body.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        all_units=not units,
        created_by=actor,
    )
    if units:
        bulletin.units.set(units)
    record_change(
        actor=actor,
        action="bulletin.publish",
        provider=provider,
        role=Role.PROVIDER_ADMIN,
        target=bulletin,
    )
    return bulletin


@atomic_write
def mark_read(*, actor: User, unit: CareUnit, bulletin: Bulletin) -> bool:
    """Hide `bulletin` from `actor`'s start page; False if it was read already (a second tab)."""
    require_perm(actor, "bulletins.read", unit)
    try:
        with transaction.atomic():
            BulletinRead.objects.create(bulletin=bulletin, staff=actor, read_at=timezone.now())
    except IntegrityError:
        return False
    return True
