"""Groups of enrollments at a unit (docs/groups.md): create, rename, remove, add and remove.

A group is staff's way to sort their work ("grupp vår 2027", "väntar på bedömning"). Group
names are the unit's own words, never health data in a URL (only ids are). Adding and removing
an enrollment is logged as a change of that enrollment (PDL): it says something about the
citizen's care. Who may is in care/permissions.py ("care.manage_groups",
"care.group_enrollment").
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from stegvis.care.access import visible_enrollments
from stegvis.care.models import Enrollment, EnrollmentGroup, GroupMembership
from stegvis.care.services.audit import record_enrollment_change
from stegvis.db import atomic_write
from stegvis.organisation.models import CareUnit, User
from stegvis.organisation.permissions import require_perm

MAX_NAME = 80
# One request adds at most this many enrollments (a page of Alla is 50).
MAX_ADD = 200


def groups_at(unit: CareUnit) -> QuerySet:
    """The unit's groups by name, each with `member_count`."""
    return (
        EnrollmentGroup.objects.filter(unit=unit)
        .annotate(member_count=Count("members"))
        .order_by(Lower("name"), "pk")
    )


def group_choices(unit: CareUnit) -> list[tuple[int, str]]:
    """(id, name) of the unit's groups for a filter or a chooser: one query."""
    return list(
        EnrollmentGroup.objects.filter(unit=unit)
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name")
    )


def members_of(user: User, group: EnrollmentGroup) -> QuerySet:
    """The group's enrollments the user may list, by the unit's row-level filter."""
    return visible_enrollments(user, group.unit).filter(
        pk__in=GroupMembership.objects.filter(group=group).values("enrollment_id")
    )


def _clean_name(unit: CareUnit, name: str, *, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise _name_error(_("Give the group a name."), "required")
    if len(name) > MAX_NAME:
        raise _name_error(
            _("A group's name can be at most %(n)d characters.") % {"n": MAX_NAME}, "max_length"
        )
    # Compared in Python: SQLite folds only ASCII letters ("Väntar" and "VÄNTAR" are one name).
    others = EnrollmentGroup.objects.filter(unit=unit).exclude(pk=exclude)
    if name.casefold() in {other.casefold() for other in others.values_list("name", flat=True)}:
        raise _name_taken(name)
    return name


def _name_error(message: str, code: str) -> ValidationError:
    return ValidationError({"name": ValidationError(message, code=code)})


def _name_taken(name: str) -> ValidationError:
    return _name_error(
        _("The unit already has a group called %(name)s.") % {"name": name}, "name_taken"
    )


def _save(group: EnrollmentGroup, name: str) -> EnrollmentGroup:
    # Two people choosing the same name at once: the unique index decides, with the message.
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise _name_taken(name) from None
    return group


@atomic_write
def create_group(*, actor: User, unit: CareUnit, name: str) -> EnrollmentGroup:
    """Create a group at `unit`; refuse an empty name or one the unit already has."""
    require_perm(actor, "care.manage_groups", unit)
    name = _clean_name(unit, name)
    return _save(EnrollmentGroup(unit=unit, name=name, created_by=actor), name)


@atomic_write
def rename_group(*, actor: User, group: EnrollmentGroup, name: str) -> EnrollmentGroup:
    require_perm(actor, "care.manage_groups", group)
    group.name = _clean_name(group.unit, name, exclude=group.pk)
    return _save(group, group.name)


@atomic_write
def delete_group(*, actor: User, group: EnrollmentGroup) -> None:
    """Remove the group; its enrollments stay as they are (only the grouping goes)."""
    require_perm(actor, "care.manage_groups", group)
    GroupMembership.objects.filter(group=group).delete()
    group.delete()


def _lock(group: EnrollmentGroup) -> None:
    # Someone may remove the group a moment before: say so instead of a foreign-key error.
    if not EnrollmentGroup.objects.select_for_update().filter(pk=group.pk).exists():
        raise ValidationError(_("The group has been removed in the meantime."), code="gone")


@atomic_write
def add_to_group(
    *, actor: User, group: EnrollmentGroup, enrollments: Iterable[Enrollment]
) -> list[Enrollment]:
    """Add `enrollments` (of the group's unit) to `group`; return those that were not in it.

    An enrollment at another unit is refused (nothing is added); one already in the group is
    left as it is.
    """
    require_perm(actor, "care.manage_groups", group)
    _lock(group)
    enrollments = list(enrollments)
    if len(enrollments) > MAX_ADD:
        raise ValidationError(
            _("Add at most %(n)d enrollments at a time.") % {"n": MAX_ADD}, code="too_many"
        )
    for enrollment in enrollments:
        if enrollment.unit_id != group.unit_id:
            raise ValidationError(
                _("Only enrollments at the group's unit can be added."), code="other_unit"
            )
        require_perm(actor, "care.group_enrollment", enrollment)
    present = set(
        GroupMembership.objects.filter(group=group, enrollment__in=enrollments).values_list(
            "enrollment_id", flat=True
        )
    )
    added = [e for e in enrollments if e.pk not in present]
    GroupMembership.objects.bulk_create(
        [GroupMembership(group=group, enrollment=e, added_by=actor) for e in added],
        ignore_conflicts=True,
    )
    for enrollment in added:
        record_enrollment_change(enrollment, actor=actor, action="care.group_add", target=group)
    return added


@atomic_write
def remove_from_group(*, actor: User, group: EnrollmentGroup, enrollment: Enrollment) -> bool:
    """Take `enrollment` out of `group`; False if it was not in it."""
    require_perm(actor, "care.manage_groups", group)
    require_perm(actor, "care.group_enrollment", enrollment)
    removed, _rows = GroupMembership.objects.filter(group=group, enrollment=enrollment).delete()
    if removed:
        record_enrollment_change(enrollment, actor=actor, action="care.group_remove", target=group)
    return bool(removed)


@atomic_write
def set_groups(*, actor: User, enrollment: Enrollment, group_ids: Iterable[int]) -> None:
    """Make `enrollment` a member of exactly the unit's groups `group_ids` (Hantera's choice)."""
    require_perm(actor, "care.group_enrollment", enrollment)
    wanted = set(
        EnrollmentGroup.objects.filter(
            unit_id=enrollment.unit_id, pk__in=set(group_ids)
        ).values_list("pk", flat=True)
    )
    current = set(
        GroupMembership.objects.filter(
            enrollment=enrollment, group__unit_id=enrollment.unit_id
        ).values_list("group_id", flat=True)
    )
    for group in EnrollmentGroup.objects.select_for_update().filter(pk__in=wanted - current):
        GroupMembership.objects.create(group=group, enrollment=enrollment, added_by=actor)
        record_enrollment_change(enrollment, actor=actor, action="care.group_add", target=group)
    for group in EnrollmentGroup.objects.filter(pk__in=current - wanted):
        GroupMembership.objects.filter(group=group, enrollment=enrollment).delete()
        record_enrollment_change(enrollment, actor=actor, action="care.group_remove", target=group)


def choices_for(enrollment: Enrollment) -> tuple[list[tuple[int, str]], list[int]]:
    """The unit's groups as (id, name) by name, and the ids of those the enrollment is in: one
    query (Hantera's choice)."""
    member = GroupMembership.objects.filter(group=OuterRef("pk"), enrollment=enrollment)
    rows = (
        EnrollmentGroup.objects.filter(unit_id=enrollment.unit_id)
        .annotate(is_member=Exists(member))
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name", "is_member")
    )
    rows = list(rows)
    return [(pk, name) for pk, name, _in in rows], [pk for pk, _name, is_in in rows if is_in]


def leave_unit_groups(enrollment: Enrollment, unit_id: int) -> None:
    """A handed-over enrollment leaves the sending unit's groups (called on approval)."""
    GroupMembership.objects.filter(enrollment=enrollment, group__unit_id=unit_id).delete()
