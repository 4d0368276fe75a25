"""Raising and acknowledging flags: the signals that draw a practitioner's attention."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from stegvis.care.models import Enrollment, Flag
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.history import add_history
from stegvis.organisation.models import User


@transaction.atomic
def raise_flag(
    enrollment: Enrollment,
    *,
    actor: User | None,
    kind: str,
    level: str,
    dedupe_key: str,
    reason: str = "",
) -> tuple[Flag, bool]:
    """Raise a flag once per cause; return (flag, created).

    Raising the same `dedupe_key` again returns the existing flag (also when another process
    raised it a moment ago), so rules and retries are idempotent. `reason` is for staff only.
    """
    existing = Flag.objects.filter(enrollment=enrollment, dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                enrollment=enrollment,
                kind=kind,
                level=level,
                dedupe_key=dedupe_key,
                reason=reason,
            )
    except IntegrityError:
        return Flag.objects.get(enrollment=enrollment, dedupe_key=dedupe_key), False
    if level == Flag.Level.RED:
        shift_open_red_flags(enrollment.pk, +1)
    add_history(enrollment, actor=actor, action="flag.raised", kind=kind, level=level)
    record_enrollment_change(enrollment, actor=actor, action="care.flag_raise", target=flag)
    return flag, True


@transaction.atomic
def acknowledge_flag(flag: Flag, *, actor: User) -> Flag:
    """Mark a flag as seen and handled; acknowledging twice keeps the first acknowledgement."""
    flag = Flag.objects.select_for_update().select_related("enrollment").get(pk=flag.pk)
    enrollment = flag.enrollment
    if not actor.has_perm("care.acknowledge_flag", enrollment):
        raise PermissionDenied
    if flag.acknowledged_at is None:
        flag.acknowledged_at = timezone.now()
        flag.acknowledged_by = actor
        flag.save(update_fields=["acknowledged_at", "acknowledged_by"])
        if flag.level == Flag.Level.RED:
            shift_open_red_flags(enrollment.pk, -1)
        add_history(
            enrollment, actor=actor, action="flag.acknowledged", kind=flag.kind, level=flag.level
        )
        record_enrollment_change(
            enrollment, actor=actor, action="care.flag_acknowledge", target=flag
        )
    return flag


def shift_open_red_flags(enrollment_id: int, by: int) -> None:
    """Keep `Enrollment.open_red_flags` (the lists' sort) with a red flag raised (+1) or
    acknowledged (-1), in the caller's transaction. An increment, not a recount: two flags
    changed at once each add their own step under the row's lock, and neither misses the other.
    Never below zero: acknowledging a flag must not fail on a count that was never raised."""
    Enrollment.objects.filter(pk=enrollment_id).update(
        open_red_flags=Greatest(F("open_red_flags") + by, 0)
    )


def enrollments_miscounting_red_flags() -> QuerySet:
    """Enrollments whose count disagrees with their flags (none, unless a writer forgot it)."""
    red = Flag.objects.filter(
        enrollment=OuterRef("pk"), level=Flag.Level.RED, acknowledged_at__isnull=True
    )
    counted = red.order_by().values("enrollment").annotate(n=Count("pk")).values("n")
    return Enrollment.objects.annotate(
        real=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    ).exclude(open_red_flags=F("real"))


def open_red_flags_per_unit(unit_ids: set[int], since: dt.datetime | None = None) -> dict[int, int]:
    """{unit id: unacknowledged red flags} (raised since `since`, when given).

    Registered as the staff digest's flag count (notifications sits below care). Training
    enrollments never count: the digest goes to real staff (docs/training.md).
    """
    rows = Flag.objects.filter(
        enrollment__unit_id__in=unit_ids,
        enrollment__is_training=False,
        level=Flag.Level.RED,
        acknowledged_at__isnull=True,
    )
    if since:
        rows = rows.filter(raised_at__gt=since)
    return dict(
        rows.values("enrollment__unit_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment__unit_id", "n")
    )
