"""Sending, changing and ending operational messages, and marking them read.

Sending, changing and ending are in the access log. Changing and ending lock the message's row
first (select_for_update), so two admins at once are served one after the other: the second is
told that the message ended or changed meanwhile, never given an error page.
"""

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
    _check_units(provider, units)
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


def _check_units(provider: CareProvider, units: list[CareUnit]) -> None:
    if any(unit.provider_id != provider.pk for unit in units):
        raise ValidationError({"units": _("Choose units of your own provider.")}, code="unit")


def _locked_for_change(actor: User, bulletin: Bulletin) -> Bulletin:
    """The message's row, locked until the transaction ends, if `actor` may change it."""
    locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    require_perm(actor, "bulletins.change", locked)
    return locked


@atomic_write
def edit_bulletin(
    *,
    actor: User,
    bulletin: Bulletin,
    title: str,
    body: str,
    ends_on: dt.date | None,
    units: list[CareUnit] | None,
    version: int | None = None,
) -> Bulletin:
    """Change the title, text, end date and units of a message that has not ended.

    `version` is the one the form was made from: if another admin changed or ended the message
    since, nothing is saved and the caller is told so. The end date may not be in the past
    (that is "End now") nor before the start; units must be the provider's own.
    """
    locked = _locked_for_change(actor, bulletin)
    today = timezone.localdate()
    if locked.has_ended_on(today):
        raise ValidationError(_("This message has ended and can no longer be changed."), "ended")
    if version is not None and version != locked.version:
        raise ValidationError(
            _(
                "Someone else changed this message while you were editing it. "
                "Open it again to see the changes, then make yours."
            ),
            code="stale",
        )
    if ends_on is not None and ends_on < max(today, locked.starts_on):
        raise ValidationError(
            {"ends_on": _("The end date cannot be in the past or before the start date.")},
            code="ends_early",
        )
    units = list(units or [])
    _check_units(locked.provider, units)
    locked.title, locked.body = title.strip(), body.strip()
    locked.ends_on, locked.all_units = ends_on, not units
    locked.version += 1
    locked.changed_at = timezone.now()
    locked.save(update_fields=["title", "body", "ends_on", "all_units", "version", "changed_at"])
    locked.units.set(units)
    record_change(
        actor=actor,
        action="bulletin.edit",
        provider=locked.provider,
        role=Role.PROVIDER_ADMIN,
        target=locked,
    )
    return locked


@atomic_write
def end_bulletin(*, actor: User, bulletin: Bulletin) -> bool:
    """End the message now: it leaves every start page and stays in the archive.

    False if it had ended already (another admin ended it, or its end date passed): no change.
    """
    locked = _locked_for_change(actor, bulletin)
    if locked.has_ended_on(timezone.localdate()):
        return False
    now = timezone.now()
    locked.ended_at, locked.ended_by = now, actor
    locked.version += 1
    locked.changed_at = now
    locked.save(update_fields=["ended_at", "ended_by", "version", "changed_at"])
    record_change(
        actor=actor,
        action="bulletin.end",
        provider=locked.provider,
        role=Role.PROVIDER_ADMIN,
        target=locked,
    )
    return True


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
