"""Who may see and do what with enrollments.

Staff act from their active unit: an enrollment is visible to staff with the practitioner or
citizen admin role at the enrollment's unit (a prioritised flag must reach every practitioner
there). A citizen sees only their own enrollments. Everything else is denied.

Training (docs/training.md) is a world of its own: staff reach an enrollment only in their own
world (`organisation.training.in_training`): a test practitioner, or real staff in training
mode, only training enrollments; real staff otherwise only real ones. The unit-role predicates
below carry that check, so every rule built on them (here, in messaging and relatives) does.
`in_world` is the same rule as a row filter for lists and fetches.
"""

import rules
from django.db.models import Q

from stegvis.care.models import Enrollment, EnrollmentGroup, Handover, Phase
from stegvis.organisation.models import CareUnit, Role
from stegvis.organisation.permissions import is_care_staff, is_citizen, is_provider_admin
from stegvis.organisation.roles import roles_of
from stegvis.organisation.training import in_training, same_world


def in_world(user, prefix: str = "") -> Q:
    """Row filter: the enrollments in the user's world (training or real)."""
    return Q(**{f"{prefix}is_training": in_training(user)})


def _in_users_world(user, target) -> bool:
    """An enrollment (or a handover's) in the user's world; a unit belongs to both worlds."""
    if isinstance(target, Handover):
        target = target.enrollment
    if isinstance(target, Enrollment):
        return same_world(user, target.is_training)
    return True


def _unit_id(target) -> int | None:
    if isinstance(target, Enrollment | EnrollmentGroup):
        return target.unit_id
    if isinstance(target, CareUnit):
        return target.pk
    return None


def _has_unit_role(*roles: str):
    @rules.predicate(name=f"has_{'_or_'.join(roles)}_at_target_unit")
    def predicate(user, target) -> bool:
        held = roles_of(user).at_unit(_unit_id(target)) & set(roles)
        return bool(held) and _in_users_world(user, target)

    return predicate


is_practitioner_here = _has_unit_role(Role.PRACTITIONER)
is_citizen_admin_here = _has_unit_role(Role.CITIZEN_ADMIN)
treats_here = _has_unit_role(Role.PRACTITIONER, Role.CITIZEN_ADMIN)


@rules.predicate
def owns_enrollment(user, enrollment) -> bool:
    # A real citizen never sees a training enrollment (one made before the worlds were apart).
    return (
        isinstance(enrollment, Enrollment)
        and enrollment.citizen_id == user.pk
        and same_world(user, enrollment.is_training)
    )


@rules.predicate
def is_open(user, enrollment) -> bool:
    return isinstance(enrollment, Enrollment) and enrollment.phase != Phase.CLOSED


@rules.predicate
def is_queued(user, enrollment) -> bool:
    return isinstance(enrollment, Enrollment) and enrollment.phase == Phase.QUEUED


@rules.predicate
def is_closed(user, enrollment) -> bool:
    return isinstance(enrollment, Enrollment) and enrollment.phase == Phase.CLOSED


staff_at_unit = is_care_staff & treats_here

# Target: the CareUnit.
rules.add_perm("care.view_unit_enrollments", staff_at_unit)
rules.add_perm("care.start_enrollment", staff_at_unit)
# Target: the Enrollment.
rules.add_perm("care.view_enrollment", staff_at_unit)
rules.add_perm("care.manage_modules", is_care_staff & is_practitioner_here & is_open)
rules.add_perm("care.respond_feedback", is_care_staff & is_practitioner_here & is_open)
rules.add_perm("care.acknowledge_flag", is_care_staff & is_practitioner_here)
rules.add_perm("care.change_phase", staff_at_unit)
# Back from "closed" into treatment: only a citizen admin, with a reason (docs/care.md).
rules.add_perm("care.reopen_enrollment", is_care_staff & is_citizen_admin_here & is_closed)
# Byt behandlare works in every phase, closed included (the region's instructions: also "när
# invånares moment ska avslutas"); the phase does not change, except queued → treatment.
rules.add_perm("care.assign_practitioner", is_care_staff & is_citizen_admin_here)
# A practitioner may take a queued enrollment themself (see `may_assign_practitioner`).
rules.add_perm("care.take_queued_enrollment", is_care_staff & is_practitioner_here & is_queued)
# Groups of enrollments (docs/groups.md): the unit's practitioners and citizen admins create,
# rename and remove them and add or remove enrollments. Targets: the CareUnit, the
# EnrollmentGroup, the Enrollment (membership).
rules.add_perm("care.manage_groups", staff_at_unit)
rules.add_perm("care.group_enrollment", staff_at_unit)
# Citizens.
rules.add_perm("care.view_own_enrollment", is_citizen & owns_enrollment)
rules.add_perm("care.work_on_enrollment", is_citizen & owns_enrollment & is_open)

# Handover (överlämning) and change of practitioner; see docs/adr/0005-handover.md.
# Start and withdraw: a practitioner at the enrollment's (sending) unit. Target: the Enrollment.
rules.add_perm("care.start_handover", is_care_staff & is_practitioner_here & is_open)
rules.add_perm("care.withdraw_handover", is_care_staff & is_practitioner_here)


@rules.predicate
def is_citizen_admin_at_receiving_unit(user, handover) -> bool:
    to_unit_id = getattr(handover, "to_unit_id", None)
    return Role.CITIZEN_ADMIN in roles_of(user).at_unit(to_unit_id) and _in_users_world(
        user, handover
    )


# Incoming handovers: the receiving unit's citizen admins. Targets: the CareUnit, the Handover.
rules.add_perm("care.view_incoming_handovers", is_care_staff & is_citizen_admin_here)
rules.add_perm("care.decide_handover", is_care_staff & is_citizen_admin_at_receiving_unit)


@rules.predicate
def started_the_handover(user, handover) -> bool:
    return getattr(handover, "started_by_id", None) == user.pk


# Approval needs another person than the one who proposed the handover, even when the sender is
# citizen admin at the receiving unit too (four eyes, as the region's instructions describe).
# Rejecting stays open to the sender's own unit's admins; the sender may also withdraw it.
rules.add_perm(
    "care.approve_handover",
    is_care_staff & is_citizen_admin_at_receiving_unit & ~started_the_handover,
)
# Byt behandlare from Alla uses "care.assign_practitioner" above (citizen admins, every phase).
# "Assign to me" is offered to a citizen admin who is also a practitioner at the unit: a
# responsible practitioner must treat there.
rules.add_perm("care.assign_to_self", is_care_staff & is_citizen_admin_here & is_practitioner_here)


@rules.predicate
def is_in_users_world(user, citizen) -> bool:
    return citizen is not None and same_world(user, citizen.is_training)


# A unit's training data is reset by the provider's admin. Target: the CareUnit.
rules.add_perm("care.reset_training_data", is_care_staff & is_provider_admin)
# Whom staff may enroll: a citizen of their own world (test citizens only by staff in training,
# real citizens never by them). Target: the citizen.
rules.add_perm("care.enroll_citizen", is_care_staff & is_in_users_world)


def practitioner_world(training: bool) -> Q:
    """Row filter on staff: who may be responsible for an enrollment of world `training`.

    A test practitioner never for a real enrollment; any practitioner (a test one, or real staff
    who work in training mode) for a training enrollment.
    """
    return Q() if training else Q(is_training=False)


def may_assign_practitioner(user, enrollment, practitioner=None) -> bool:
    """Citizen admins assign anyone; a practitioner may only take a queued one themself.

    With `practitioner` None: whether the user may assign anyone at all (to offer the form).
    """
    if user.has_perm("care.assign_practitioner", enrollment):
        return True
    taking_self = practitioner is None or practitioner.pk == user.pk
    return taking_self and user.has_perm("care.take_queued_enrollment", enrollment)
