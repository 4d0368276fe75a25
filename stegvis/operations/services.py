"""Operations' state changes: a care provider's retention periods (docs/operations.md)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.db import atomic_write
from stegvis.operations.models import RetentionPeriod
from stegvis.operations.periods import Kind
from stegvis.organisation.models import CareProvider

# `seen` when the caller does not check for a concurrent change (the operator's command).
UNCHECKED = object()


def _changed_meanwhile() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this period while you had the page open, so yours was not "
            "saved. The page shows the period as it is now: check it and save again."
        ),
        code="changed",
    )


@atomic_write
def set_retention_period(
    *, actor, provider: CareProvider, kind: str, days: int | None, seen=UNCHECKED
) -> RetentionPeriod | None:
    """Set how long `provider` keeps `kind` of data; `days=None` goes back to the default.

    The actor is None when an operator runs the command. Recorded in the provider's access log
    (`retention.period_set`, `retention.period_reset`). `seen` is the period's `changed_at`
    as the actor saw it (None: they saw the default): if it has changed since, or another
    request set it at the same moment, nothing is saved and the ValidationError says so
    (code "changed"). There is no statutory minimum to check: Stegvis is not the patient
    record (periods.py), so any period from a day to MAX_DAYS is the provider's decision.
    """
    if kind not in Kind.values:
        raise ValidationError(_("Unknown kind of data: %(kind)s.") % {"kind": kind})
    current = RetentionPeriod.objects.select_for_update().filter(provider=provider, kind=kind)
    period = current.first()
    if seen is not UNCHECKED and seen != (period.changed_at if period else None):
        raise _changed_meanwhile()
    if days is None:
        current.delete()
        record_change(
            actor=actor, action="retention.period_reset", provider=provider, target=provider
        )
        return None
    period = period or RetentionPeriod(provider=provider, kind=kind)
    period.days = days
    period.changed_at = timezone.now()
    period.changed_by = actor
    period.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the rest of the transaction stays usable
            period.save()
    except IntegrityError:  # the same kind's first period, saved at the same moment elsewhere
        raise _changed_meanwhile() from None
    record_change(actor=actor, action="retention.period_set", provider=provider, target=period)
    return period


def parse_seen(value: str) -> datetime | None:
    """A form's `seen` token back to the `changed_at` it names ("" for the default).

    An unreadable token raises the "changed" ValidationError: the form was not ours as sent.
    """
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise _changed_meanwhile() from None
