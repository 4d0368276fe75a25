"""Inviting, changing and removing relatives and guardians of one enrollment; the citizen's
approval of an invitation (consent.py decides when it is needed).

Each function is one transaction with its access-log event (citizen: the enrollment's citizen;
role: the actor's role at the enrollment's unit, none for the citizen). The actor is checked
against permissions.py again here, so no caller can skip the rule.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_read
from stegvis.care.models import Enrollment
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.program import document_of
from stegvis.care.subjects import about_enrollment
from stegvis.db import atomic_write
from stegvis.notifications.services import Kind, notify
from stegvis.organisation.identifiers import normalise_personnummer
from stegvis.organisation.models import User
from stegvis.organisation.permissions import acting_role, is_active_citizen, require_perm
from stegvis.organisation.services import create_citizen_account
from stegvis.organisation.training import is_test_personnummer
from stegvis.relatives.consent import needs_citizen_approval
from stegvis.relatives.models import RelativeGrant


def module_choices(enrollment: Enrollment) -> list[tuple[str, str]]:
    """The release's modules as (key, title), in program order."""
    return [(m.key, m.title) for m in document_of(enrollment.release).modules]


def _clean_module_keys(enrollment: Enrollment, module_keys: Iterable[str]) -> list[str]:
    known = [key for key, _title in module_choices(enrollment)]
    chosen = set(module_keys)
    if chosen - set(known):
        raise ValidationError(_("Choose modules of this program only."), code="unknown_module")
    return [key for key in known if key in chosen]


def _find_or_create_relative(
    *, actor: User, enrollment: Enrollment, digits: str, first_name: str, last_name: str
) -> User:
    """The relative's citizen account, found by personnummer or created as registering does."""
    role = acting_role(actor, enrollment.unit_id)
    # Only a person of the enrollment's world: training and real care never meet.
    relative = User.objects.filter(personnummer=digits, is_training=enrollment.is_training).first()
    if relative is not None:
        if not is_active_citizen(relative):
            raise ValidationError(
                _("This person's account is not active, so they cannot be invited."),
                code="inactive_account",
            )
        record_read(
            actor=actor,
            action="citizen.lookup",
            citizen=relative,
            unit=enrollment.unit,
            role=role,
            target=relative,
        )
        return relative
    if not first_name.strip() or not last_name.strip():
        raise ValidationError(
            _(
                "No citizen with this personnummer is registered yet. Enter their first and "
                "last name to create their account."
            ),
            code="names_required",
        )
    return create_citizen_account(
        actor=actor,
        unit=enrollment.unit,
        role=role,
        digits=digits,
        first_name=first_name,
        last_name=last_name,
        is_training=enrollment.is_training,
    )


def _create_grant(
    *,
    actor: User,
    enrollment: Enrollment,
    relative: User,
    relation: str,
    may_message: bool,
    module_keys: list[str],
) -> RelativeGrant:
    """The new grant, or "already has access" (checked, and kept by the unique constraint when
    two invitations race past the check). It waits for the citizen's approval when the rules
    ask for it (consent.py), or gives access at once."""
    already = _("This person already has access to the enrollment.")
    waits = needs_citizen_approval(enrollment.citizen, relation)
    now = timezone.now()
    if RelativeGrant.objects.filter(
        enrollment=enrollment, relative=relative, ended_at__isnull=True
    ).exists():
        raise ValidationError(already, code="already_invited")
    try:
        with transaction.atomic():
            return RelativeGrant.objects.create(
                enrollment=enrollment,
                relative=relative,
                relation=relation,
                may_message=may_message,
                module_keys=module_keys,
                invited_by=actor,
                invited_at=now,
                approved_at=None if waits else now,
                approval=RelativeGrant.Approval.PENDING
                if waits
                else RelativeGrant.Approval.NOT_NEEDED,
            )
    except IntegrityError:
        raise ValidationError(already, code="already_invited") from None


@transaction.atomic
def invite_relative(
    *,
    actor: User,
    enrollment: Enrollment,
    personnummer: str,
    relation: str,
    may_message: bool,
    module_keys: Iterable[str] = (),
    first_name: str = "",
    last_name: str = "",
) -> RelativeGrant:
    """Invite a relative or guardian to `enrollment`; notify whoever must act next.

    When the citizen's approval is needed (consent.py) the grant waits and the citizen is
    notified; otherwise it gives access at once and the relative is notified. The relative's
    citizen account is found by personnummer (or samordningsnummer) or, when
    there is none, created with the names given. Refused: the citizen themselves, someone who
    already has access, an unknown relation or module, a closed enrollment.
    """
    require_perm(actor, "relatives.invite", enrollment)
    digits = normalise_personnummer(personnummer)
    if relation not in RelativeGrant.Relation.values:
        raise ValidationError(_("Choose relative or guardian."), code="unknown_relation")
    keys = _clean_module_keys(enrollment, module_keys)
    _check_invitee(enrollment, digits)
    # Lock the enrollment so two simultaneous invitations of one person cannot both pass.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    relative = _find_or_create_relative(
        actor=actor,
        enrollment=enrollment,
        digits=digits,
        first_name=first_name,
        last_name=last_name,
    )
    grant = _create_grant(
        actor=actor,
        enrollment=enrollment,
        relative=relative,
        relation=relation,
        may_message=may_message,
        module_keys=keys,
    )
    record_enrollment_change(enrollment, actor=actor, action="relative.invite", target=grant)
    if grant.is_pending:
        notify(
            enrollment.citizen,
            Kind.APPROVAL_REQUESTED,
            key=f"relative-grant-approval:{grant.pk}",
            subject=about_enrollment(enrollment),
        )
    else:
        _notify_relative(grant, enrollment)
    return grant


def _check_invitee(enrollment: Enrollment, digits: str) -> None:
    """Refuse the citizen themselves, and a person of the other world (training or real)."""
    if digits == enrollment.citizen.personnummer:
        raise ValidationError(
            _("The citizen cannot be their own relative or guardian."), code="own_enrollment"
        )
    if is_test_personnummer(digits) != enrollment.is_training:
        raise ValidationError(
            _("A training enrollment takes test personnummer only, a real one never.")
            if enrollment.is_training
            else _("This is a test personnummer: test persons take part in training only."),
            code="training_personnummer",
        )


def _notify_relative(grant: RelativeGrant, enrollment: Enrollment) -> None:
    notify(
        grant.relative,
        Kind.RELATIVE_INVITED,
        key=f"relative-grant:{grant.pk}",
        subject=about_enrollment(enrollment),
    )


@transaction.atomic
def change_grant(
    *, actor: User, grant: RelativeGrant, may_message: bool, module_keys: Iterable[str]
) -> RelativeGrant:
    """Change what an active grant gives: messages on or off, the modules to read."""
    grant = RelativeGrant.objects.select_for_update().select_related("enrollment").get(pk=grant.pk)
    enrollment = grant.enrollment
    require_perm(actor, "relatives.change_grant", enrollment)
    if not grant.is_active:
        raise ValidationError(
            _("This access has ended and can no longer be changed."), code="ended"
        )
    keys = _clean_module_keys(enrollment, module_keys)
    if grant.may_message == may_message and grant.module_keys == keys:
        return grant
    grant.may_message = may_message
    grant.module_keys = keys
    grant.save(update_fields=["may_message", "module_keys"])
    record_enrollment_change(enrollment, actor=actor, action="relative.change", target=grant)
    return grant


@transaction.atomic
def end_grant(*, actor: User, grant: RelativeGrant) -> RelativeGrant:
    """End a grant at once; the relative's next request is refused. Ending twice is a no-op.

    The grant stays as history of who had access and when.
    """
    grant = RelativeGrant.objects.select_for_update().select_related("enrollment").get(pk=grant.pk)
    enrollment = grant.enrollment
    require_perm(actor, "relatives.end_grant", enrollment)
    if grant.is_active:
        grant.ended_at = timezone.now()
        grant.ended_by = actor
        grant.save(update_fields=["ended_at", "ended_by"])
        record_enrollment_change(enrollment, actor=actor, action="relative.end", target=grant)
    return grant


def _locked_own_grant(actor: User, grant: RelativeGrant, perm: str) -> RelativeGrant:
    grant = (
        RelativeGrant.objects.select_for_update()
        .select_related("enrollment__citizen", "enrollment__unit", "relative")
        .get(pk=grant.pk)
    )
    require_perm(actor, perm, grant)
    return grant


@atomic_write
def approve_invitation(*, actor: User, grant: RelativeGrant) -> RelativeGrant:
    """The citizen approves a waiting invitation: the relative gets access and is notified.

    Approving twice is a no-op; a declined or removed invitation cannot be approved (a clear
    message, so that a second tab's click does not undo the first).
    """
    grant = _locked_own_grant(actor, grant, "relatives.answer_invitation")
    if grant.gives_access:
        return grant
    if not grant.is_active:
        raise ValidationError(
            _("This invitation has been declined or removed and can no longer be approved."),
            code="ended",
        )
    grant.approved_at = timezone.now()
    grant.approval = RelativeGrant.Approval.CITIZEN
    grant.save(update_fields=["approved_at", "approval"])
    record_enrollment_change(grant.enrollment, actor=actor, action="relative.approve", target=grant)
    _notify_relative(grant, grant.enrollment)
    return grant


@atomic_write
def decline_invitation(*, actor: User, grant: RelativeGrant) -> RelativeGrant:
    """The citizen says no to an invitation, or takes back an approval they gave.

    The grant ends at once and stays as history; the relative is not told (nothing was sent
    to them for a waiting invitation). Refused for a grant that needs no approval from the
    citizen (a young child's guardian): the care unit removes those. Twice is a no-op.
    """
    grant = _locked_own_grant(actor, grant, "relatives.decline_invitation")
    if not grant.is_active:
        return grant
    was_pending = grant.is_pending
    grant.ended_at = timezone.now()
    grant.ended_by = actor
    fields = ["ended_at", "ended_by"]
    if was_pending:
        grant.approval = RelativeGrant.Approval.DECLINED
        fields.append("approval")
    grant.save(update_fields=fields)
    record_enrollment_change(
        grant.enrollment,
        actor=actor,
        action="relative.decline" if was_pending else "relative.withdraw_approval",
        target=grant,
    )
    return grant


def purge_grants(enrollment_ids: list[int]) -> None:
    """Delete relatives' grants to training enrollments (care's reset, care/purging.py)."""
    RelativeGrant.objects.filter(enrollment_id__in=enrollment_ids).delete()
