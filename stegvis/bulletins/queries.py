"""Which operational messages a unit's staff see, and the provider admin's list."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from stegvis.bulletins.models import Bulletin, BulletinRead
from stegvis.organisation.models import CareProvider, CareUnit


def for_unit(unit: CareUnit) -> QuerySet[Bulletin]:
    """Every message that reaches `unit` (all of its provider's units, or it by name)."""
    return Bulletin.objects.filter(
        Q(all_units=True) | Q(units=unit), provider_id=unit.provider_id
    ).distinct()


def current_for(user, unit: CareUnit) -> list[Bulletin]:
    """The messages on `user`'s start page at `unit`: started, not ended, not read by them."""
    today = timezone.localdate()
    read = BulletinRead.objects.filter(bulletin=OuterRef("pk"), staff_id=user.pk)
    return list(
        for_unit(unit)
        .filter(starts_on__lte=today, ended_at__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(Exists(read))
        .order_by("-starts_on", "-pk")
    )


def archive_for(user, unit: CareUnit) -> QuerySet[Bulletin]:
    """Every message that has reached `unit` so far, newest first, with whether `user` read it."""
    today = timezone.localdate()
    read = BulletinRead.objects.filter(bulletin=OuterRef("pk"), staff_id=user.pk)
    return (
        for_unit(unit)
        .filter(starts_on__lte=today)
        .annotate(is_read=Exists(read))
        .order_by("-starts_on", "-pk")
    )


def visible_to_unit(unit: CareUnit, pk: int) -> Bulletin | None:
    """The message `pk` if it has reached `unit` (else None: another unit's is not found)."""
    today = timezone.localdate()
    return for_unit(unit).filter(pk=pk, starts_on__lte=today).first()


def sent_by_one(provider: CareProvider, pk: int) -> Bulletin | None:
    """The provider's message `pk` with its units, or None (another provider's is not found)."""
    return Bulletin.objects.filter(provider=provider, pk=pk).prefetch_related("units").first()


def sent_by(provider: CareProvider) -> QuerySet[Bulletin]:
    """The provider's messages for its admin, with their units and how many have read each."""
    return (
        Bulletin.objects.filter(provider=provider)
        .annotate(read_count=Count("reads", distinct=True))
        .prefetch_related("units")
        .order_by("-starts_on", "-pk")
    )
