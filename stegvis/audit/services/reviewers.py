"""Granting and ending the permission to review a provider's access log (itself audited)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.models import LogReviewer
from stegvis.audit.permissions import forget_reviewer_grants
from stegvis.audit.recording import record_change
from stegvis.organisation.models import CareAssignment, CareProvider, Role, User

MANAGE = "audit.manage_reviewers"


def _works_for(staff: User, provider: CareProvider) -> bool:
    return (
        CareAssignment.objects.valid_on()
        .filter(staff=staff, unit__provider=provider, unit__is_active=True)
        .exists()
    )


@transaction.atomic
def grant_reviewer(*, actor: User, provider: CareProvider, staff: User) -> LogReviewer:
    """Let `staff` review `provider`'s access log.

    Only staff with a valid care assignment at one of the provider's units may be granted; a
    second active grant for the same person is refused.
    """
    if not actor.has_perm(MANAGE, provider):
        raise PermissionDenied
    if not staff.is_active or not staff.is_care_staff or not _works_for(staff, provider):
        raise ValidationError(
            _("Only staff with a care assignment at the provider's units can review the log.")
        )
    if LogReviewer.objects.active().filter(provider=provider, staff=staff).exists():
        raise ValidationError(_("%(name)s may already review the log.") % {"name": staff})
    grant = LogReviewer.objects.create(provider=provider, staff=staff, granted_by=actor)
    record_change(
        actor=actor,
        action="audit.reviewer_grant",
        provider=provider,
        role=Role.PROVIDER_ADMIN,
        target=grant,
    )
    forget_reviewer_grants(staff)
    return grant


@transaction.atomic
def end_reviewer(*, actor: User, grant: LogReviewer) -> LogReviewer:
    """End a reviewer grant; the row stays as a record of who could review, and when."""
    if not actor.has_perm(MANAGE, grant.provider):
        raise PermissionDenied
    grant = LogReviewer.objects.select_for_update().get(pk=grant.pk)
    if grant.ended_at is None:
        grant.ended_at = timezone.now()
        grant.ended_by = actor
        grant.save(update_fields=["ended_at", "ended_by"])
        record_change(
            actor=actor,
            action="audit.reviewer_end",
            provider=grant.provider,
            role=Role.PROVIDER_ADMIN,
            target=grant,
        )
    forget_reviewer_grants(grant.staff)
    return grant
