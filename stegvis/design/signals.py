"""Keep each staff member's Wagtail groups in step with their design roles when the roles change.

The groups are a cache of the role grants (services.sync_design_groups). They are synced when a
role grant or care assignment is saved (a grant given or inactivated, an assignment added or
ended), when a unit is switched off, at sign-in (which also catches an assignment that ran out
by date), and for everyone after `migrate` or with `manage.py sync_design_groups`. Never while
someone merely looks at the design tool: a GET writes nothing.
"""

from functools import partial

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page

from stegvis.design.permissions import DESIGN_ROLES
from stegvis.design.services import GROUP_PREFIX, ensure_design_space, sync_design_groups
from stegvis.organisation.models import CareAssignment, CareProvider, CareUnit, RoleGrant, User
from stegvis.organisation.roles import forget_roles


def _concerns_design(staff: User) -> bool:
    """Whether `staff` holds a design role grant or has design groups to take away."""
    return (
        RoleGrant.objects.active().filter(staff=staff, role__in=DESIGN_ROLES).exists()
        or staff.groups.filter(name__startswith=GROUP_PREFIX).exists()
    )


def sync_staff(staff: User) -> None:
    """Sync one staff member's design groups from the roles they hold now.

    A provider's first design role creates its design space (a page tree, groups, a workflow)
    once the grant is committed, and that syncs everyone holding a design role there.
    """
    forget_roles(staff)
    if not (staff.is_care_staff and _concerns_design(staff)):
        return
    for provider in sync_design_groups(actor=staff, create_spaces=False):
        transaction.on_commit(partial(_create_space, provider.pk))


def _create_space(provider_id: int) -> None:
    provider = CareProvider.objects.filter(pk=provider_id, is_active=True).first()
    # No Wagtail tree at all (a database emptied by a test): nothing to hang a space on.
    if provider is not None and Page.get_first_root_node() is not None:
        ensure_design_space(provider)


def sync_everyone() -> int:
    """Sync every staff member who holds a design role or has a design group; return how many.

    Creates missing design spaces at once (run by `migrate` and the command, not a request).
    """
    with_grants = RoleGrant.objects.filter(role__in=DESIGN_ROLES).values("staff_id")
    with_groups = User.objects.filter(groups__name__startswith=GROUP_PREFIX).values("pk")
    staff = User.objects.filter(pk__in=with_grants).union(User.objects.filter(pk__in=with_groups))
    count = 0
    for member in staff:
        forget_roles(member)
        sync_design_groups(actor=member)
        count += 1
    return count


@receiver(post_save, sender=RoleGrant, dispatch_uid="design_sync_on_role_grant")
def _role_grant_saved(sender, instance: RoleGrant, raw: bool = False, **kwargs) -> None:
    if not raw:
        sync_staff(instance.staff)


@receiver(post_save, sender=CareAssignment, dispatch_uid="design_sync_on_care_assignment")
def _care_assignment_saved(sender, instance: CareAssignment, raw: bool = False, **kwargs) -> None:
    if not raw:
        sync_staff(instance.staff)


@receiver(post_save, sender=CareUnit, dispatch_uid="design_sync_on_unit")
def _unit_saved(sender, instance: CareUnit, raw: bool = False, created: bool = False, **kwargs):
    if raw or created:
        return
    holders = RoleGrant.objects.active().filter(unit=instance, role__in=DESIGN_ROLES)
    for member in User.objects.filter(pk__in=holders.values("staff_id")):
        sync_staff(member)


@receiver(user_logged_in, dispatch_uid="design_sync_on_sign_in")
def _signed_in(sender, user, **kwargs) -> None:
    if getattr(user, "is_care_staff", False):
        sync_staff(user)


def sync_after_migrate(sender, **kwargs) -> None:
    """The initial sync: after `migrate`, every design role holder's groups match their roles."""
    sync_everyone()
