"""Operations' state changes: a care provider's retention periods (docs/operations.md)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.db import atomic_write
from stegvis.operations.models import RetentionPeriod
from stegvis.operations.periods import Kind
from stegvis.organisation.models import CareProvider


@atomic_write
def set_retention_period(
    *, actor, provider: CareProvider, kind: str, days: int | None
) -> RetentionPeriod | None:
    """Set how long `provider` keeps `kind` of data; `days=None` goes back to the default.

    The actor is None when an operator runs the command. Recorded in the provider's access log
    (`retention.period_set`, `retention.period_reset`).
    """
    if kind not in Kind.values:
        raise ValidationError(_("Unknown kind of data: %(kind)s.") % {"kind": kind})
    if days is None:
        RetentionPeriod.objects.filter(provider=provider, kind=kind).delete()
        record_change(
            actor=actor, action="retention.period_reset", provider=provider, target=provider
        )
        return None
    period = RetentionPeriod.objects.filter(provider=provider, kind=kind).first()
    period = period or RetentionPeriod(provider=provider, kind=kind)
    period.days = days
    period.changed_at = timezone.now()
    period.changed_by = actor
    period.full_clean()
    period.save()
    record_change(actor=actor, action="retention.period_set", provider=provider, target=period)
    return period
