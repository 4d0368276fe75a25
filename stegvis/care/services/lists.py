"""The enrollment lists of the staff portal (Mina, Alla): a fixed number of queries a page.

Two steps, so that a page costs the same at a unit of 100 enrollments or 100,000. The list
query (`my_enrollments`, `unit_enrollments`) filters, sorts and limits on the enrollment table
alone (its stored `list_rank` and last activity, in the order of an index) and joins nothing.
`page_rows` then loads the page's rows by id with what a row shows (citizen, release without
its document, practitioner, feedback waiting) and one prefetch of their open flags, so the
per-row counts run for the 50 rows shown, not for every enrollment at the unit before the
sort. The unread message count is added by the clinic (clinic/lists.py): care sits below
messaging.

A row shows its open flags as tallies (`open_flag_tallies`), alike flags counted in the
database: a citizen with seventeen alarm flags is one row of the query, not seventeen model
instances, and the labels are looked up once per page, not once per flag.
"""

from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
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
from stegvis.care.models import Enrollment, Feedback, Flag, GroupMembership, Phase
from stegvis.catalog.models import ProgramRelease
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


def _in_list_order(qs: QuerySet) -> QuerySet:
    """The list's order on stored columns of the enrollment table alone (index
    `enrollment_list_order`): prioritised flags stay on top until acknowledged, closed
    enrollments sink (`list_rank`), then the latest activity first."""
    return qs.order_by("list_rank", F("last_activity_at").desc(nulls_last=True), "-pk")


def _in_group(qs: QuerySet, group: int | None) -> QuerySet:
    """Only the enrollments of group `group` (an id), read from the membership's unique index
    (group, enrollment) as a hashed set: no join, whatever the group's size."""
    if not group:
        return qs
    return qs.filter(pk__in=GroupMembership.objects.filter(group_id=group).values("enrollment_id"))


def my_enrollments(user: User, unit: CareUnit, *, group: int | None = None) -> QuerySet:
    """Mina: the user's running enrollments, every enrollment at the unit with an open red flag,
    and, for citizen admins, the queue waiting for a practitioner; optionally of one group."""
    mine = Q(practitioner=user) & ~Q(phase=Phase.CLOSED)
    # The few enrollments with an open red flag: the partial index `enrollment_red_flagged`.
    red = Q(open_red_flags__gt=0)
    condition = mine | red
    if Role.CITIZEN_ADMIN in roles_of(user).at_unit(unit.pk):
        condition |= Q(phase=Phase.QUEUED)
    return _in_list_order(_in_group(visible_enrollments(user, unit).filter(condition), group))


def unit_enrollments(
    user: User,
    unit: CareUnit,
    *,
    practitioner: int | None = None,
    program: str = "",
    phase: str = "",
    flag: str = "",
    group: int | None = None,
) -> QuerySet:
    """Alla: every enrollment at the unit, optionally filtered (ids and codes only)."""
    qs = _in_group(visible_enrollments(user, unit), group)
    if practitioner:
        qs = qs.filter(practitioner_id=practitioner)
    if program:
        qs = qs.filter(release__program_key=program)
    if phase:
        qs = qs.filter(phase=phase)
    if flag == Flag.Level.RED:  # the stored count: the partial index `enrollment_red_flagged`
        qs = qs.filter(open_red_flags__gt=0)
    elif flag:
        flags = open_flags().filter(enrollment=OuterRef("pk"))
        if flag in Flag.Level.values:
            flags = flags.filter(level=flag)
        elif flag in Flag.Kind.values:
            flags = flags.filter(kind=flag)
        qs = qs.filter(Exists(flags))
    return _in_list_order(qs)


def page_rows(enrollment_ids: list[int]) -> QuerySet:
    """The rows of a page by id (in no order): what a row shows, with `waiting_feedback`.

    Citizen, release and practitioner are joined, the release's document is left out (tens of
    kilobytes of JSON; a row shows only the name), groups come in one prefetch. Others may
    annotate their counts (the clinic adds unread messages) and add the open flags
    (`with_flag_tallies`).
    """
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
        .select_related("citizen", "release", "practitioner")
        .defer("release__document")
        .annotate(waiting_feedback=Coalesce(Subquery(waiting, output_field=IntegerField()), 0))
        .prefetch_related(
            # The row's groups at its unit (a handed-over enrollment has left the old ones).
            Prefetch(
                "group_memberships",
                queryset=GroupMembership.objects.select_related("group").order_by("group__name"),
                to_attr="group_links",
            ),
        )
    )


def in_order(rows: QuerySet, enrollment_ids: list[int]) -> list[Enrollment]:
    """`rows` (a `page_rows` query) in the order of `enrollment_ids`."""
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in enrollment_ids if pk in by_id]


class FlagTally(NamedTuple):
    """An enrollment's open flags of one level and kind."""

    level: str
    kind: str
    count: int


def open_flag_tallies(enrollment_ids: list[int]) -> dict[int, list[FlagTally]]:
    """Each enrollment's open flags, alike ones counted together: red before yellow, then the
    kind raised most recently first (the order Hantera lists the flags in)."""
    tallies = (
        open_flags()
        .filter(enrollment_id__in=enrollment_ids)
        .values("enrollment_id", "level", "kind")
        .annotate(count=Count("pk"), newest=Max("raised_at"))
        .order_by("enrollment_id", LEVEL_ORDER, F("newest").desc(), "kind")
    )
    found: dict[int, list[FlagTally]] = {}
    for tally in tallies:
        found.setdefault(tally["enrollment_id"], []).append(
            FlagTally(tally["level"], tally["kind"], tally["count"])
        )
    return found


def with_flag_tallies(rows: list[Enrollment]) -> list[Enrollment]:
    """`rows` each with `flag_tallies`, their open flags as `open_flag_tallies` gives them."""
    tallies = open_flag_tallies([row.pk for row in rows])  # no rows: no query (an empty IN)
    for row in rows:
        row.flag_tallies = tallies.get(row.pk, [])
    return rows


def programs_at(user: User, unit: CareUnit) -> list[tuple[str, str]]:
    """(program key, name) of the programs enrolled at the unit, for the filter.

    One probe of the index `enrollment_unit_release` per release (there are few) instead of a
    DISTINCT over every enrollment at the unit (94 ms at a unit of 220,000)."""
    enrolled = visible_enrollments(user, unit).filter(release=OuterRef("pk"))
    rows = (
        ProgramRelease.objects.filter(Exists(enrolled))
        .order_by("name")
        .values_list("program_key", "name")
    )
    seen: dict[str, str] = {}
    for key, name in rows:
        seen.setdefault(key, name)
    return list(seen.items())
