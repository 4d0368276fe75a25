"""The enrollment lists of the staff portal (Mina, Alla): a fixed number of queries a page.

The list query filters, sorts and limits on what the sort needs (a red-flag marker served by a
partial index, the phase, the last activity) with citizen, release and practitioner joined and
the release's document left out (a row shows only its name). The page's open flags come in one
prefetch, and the per-row counts (feedback waiting here, unread messages in the clinic) in one
query over the page's ids (`row_counts`, `fill_row_counts`), so they run for the 50 rows shown,
not for every enrollment at the unit before the sort. The unread message count is added by the
clinic (clinic/lists.py): care sits below messaging.
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from stegvis.care.access import visible_enrollments
from stegvis.care.models import Enrollment, Feedback, Flag, Phase
from stegvis.organisation.models import CareUnit, Role, User
from stegvis.organisation.roles import roles_of

LEVEL_ORDER = Case(
    When(level=Flag.Level.RED, then=Value(0)),
    When(level=Flag.Level.YELLOW, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def open_flags() -> QuerySet:
    return Flag.objects.filter(acknowledged_at__isnull=True)


def _open_red_flags() -> QuerySet:
    return open_flags().filter(level=Flag.Level.RED)


def _annotated(qs: QuerySet) -> QuerySet:
    red = _open_red_flags().filter(enrollment=OuterRef("pk"))
    return (
        qs.select_related("citizen", "release", "practitioner")
        # A release's document is tens of kilobytes of JSON; a row shows only the name.
        .defer("release__document")
        .annotate(
            has_red_flag=Exists(red),
            is_closed_now=Case(
                When(phase=Phase.CLOSED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=open_flags().order_by(LEVEL_ORDER, "-raised_at"),
                to_attr="open_flags",
            )
        )
        # Prioritised flags stay on top until acknowledged; closed enrollments sink.
        .order_by(
            "-has_red_flag",
            "is_closed_now",
            F("last_activity_at").desc(nulls_last=True),
            "-pk",
        )
    )


def my_enrollments(user: User, unit: CareUnit) -> QuerySet:
    """Mina: the user's running enrollments, every enrollment at the unit with an open red flag,
    and, for citizen admins, the queue waiting for a practitioner."""
    mine = Q(practitioner=user) & ~Q(phase=Phase.CLOSED)
    # The few enrollments with an open red flag, read once from the flags' partial index (a
    # hashed set), rather than a correlated EXISTS per enrollment of the unit.
    red = Q(pk__in=_open_red_flags().filter(enrollment__unit=unit).values("enrollment_id"))
    condition = mine | red
    if Role.CITIZEN_ADMIN in roles_of(user).at_unit(unit.pk):
        condition |= Q(phase=Phase.QUEUED)
    return _annotated(visible_enrollments(user, unit).filter(condition))


def unit_enrollments(
    user: User,
    unit: CareUnit,
    *,
    practitioner: int | None = None,
    program: str = "",
    phase: str = "",
    flag: str = "",
) -> QuerySet:
    """Alla: every enrollment at the unit, optionally filtered (ids and codes only)."""
    qs = visible_enrollments(user, unit)
    if practitioner:
        qs = qs.filter(practitioner_id=practitioner)
    if program:
        qs = qs.filter(release__program_key=program)
    if phase:
        qs = qs.filter(phase=phase)
    if flag:
        flags = open_flags().filter(enrollment=OuterRef("pk"))
        if flag in Flag.Level.values:
            flags = flags.filter(level=flag)
        elif flag in Flag.Kind.values:
            flags = flags.filter(kind=flag)
        qs = qs.filter(Exists(flags))
    return _annotated(qs)


def row_counts(enrollment_ids: list[int]) -> QuerySet:
    """The page's enrollments by id, annotated with `waiting_feedback` (others may add theirs)."""
    waiting = (
        Feedback.objects.filter(enrollment=OuterRef("pk"), responded_at__isnull=True)
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Enrollment.objects.filter(pk__in=enrollment_ids)
        .order_by()
        .annotate(waiting_feedback=Coalesce(Subquery(waiting, output_field=IntegerField()), 0))
    )


def fill_row_counts(rows: list[Enrollment], counts: QuerySet, names: tuple[str, ...]) -> None:
    """Set each of `names` on `rows` from `counts` (a `row_counts` query): one query."""
    by_id = {row[0]: row[1:] for row in counts.values_list("pk", *names)}
    for row in rows:
        for name, value in zip(names, by_id.get(row.pk, (0,) * len(names)), strict=True):
            setattr(row, name, value)


def programs_at(user: User, unit: CareUnit) -> list[tuple[str, str]]:
    """(program key, name) of the programs enrolled at the unit, for the filter."""
    rows = (
        visible_enrollments(user, unit)
        .order_by("release__name")
        .values_list("release__program_key", "release__name")
        .distinct()
    )
    seen: dict[str, str] = {}
    for key, name in rows:
        seen.setdefault(key, name)
    return list(seen.items())
