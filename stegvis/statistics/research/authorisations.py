"""A provider admin authorises (and revokes) a data admin to make research exports."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.organisation.models import CareProvider, CareUnit, Role, RoleGrant, User
from stegvis.statistics.models import ResearchExportAuthorisation
from stegvis.statistics.permissions import forget_exporter_authorisations

MANAGE = "statistics.manage_research_exporters"


def data_admin_unit(staff: User, provider: CareProvider) -> CareUnit | None:
    """A unit of `provider` where `staff` holds an active data admin grant, if any."""
    grant = (
        RoleGrant.objects.active()
        .filter(staff=staff, role=Role.DATA_ADMIN, unit__provider=provider, unit__is_active=True)
        .select_related("unit")
        .order_by("unit__name", "pk")
        .first()
    )
    return grant.unit if grant is not None else None


@transaction.atomic
def authorise_exporter(
    *, actor: User, provider: CareProvider, staff: User
) -> ResearchExportAuthorisation:
    """Let `staff`, a data admin at one of `provider`'s units, make research exports.

    Refused for anyone who is not data admin at one of the provider's units, and for a second
    active authorisation of the same person.
    """
    if not actor.has_perm(MANAGE, provider):
        raise PermissionDenied
    unit = data_admin_unit(staff, provider) if staff.is_active and staff.is_care_staff else None
    if unit is None:
        raise ValidationError(
            _("Only a data admin at one of the provider's units can be authorised.")
        )
    if ResearchExportAuthorisation.objects.active().filter(provider=provider, staff=staff).exists():
        raise ValidationError(_("%(name)s may already make research exports.") % {"name": staff})
    authorisation = ResearchExportAuthorisation.objects.create(
        provider=provider, unit=unit, staff=staff, authorised_by=actor
    )
    record_change(
        actor=actor,
        action="statistics.research_exporter_authorise",
        provider=provider,
        role=Role.PROVIDER_ADMIN,
        target=authorisation,
    )
    forget_exporter_authorisations(staff)
    return authorisation


@transaction.atomic
def revoke_exporter(
    *, actor: User, authorisation: ResearchExportAuthorisation
) -> ResearchExportAuthorisation:
    """End an authorisation; the row stays as the record of who could export, and when."""
    if not actor.has_perm(MANAGE, authorisation.provider):
        raise PermissionDenied
    authorisation = ResearchExportAuthorisation.objects.select_for_update().get(pk=authorisation.pk)
    if authorisation.revoked_at is None:
        authorisation.revoked_at = timezone.now()
        authorisation.revoked_by = actor
        authorisation.save(update_fields=["revoked_at", "revoked_by"])
        record_change(
            actor=actor,
            action="statistics.research_exporter_revoke",
            provider=authorisation.provider,
            role=Role.PROVIDER_ADMIN,
            target=authorisation,
        )
    forget_exporter_authorisations(authorisation.staff)
    return authorisation
