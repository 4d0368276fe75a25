"""Who may use the design tool, and who may release a program.

Designers and publishers hold their role at a unit; it counts for the unit's provider. Inside
Wagtail, each provider's subtree is open only to that provider's groups (kept in sync from the
role grants by services.sync_design_groups) and filtered by the URL guard in urls.py.
"""

import rules

from stegvis.organisation.models import Role
from stegvis.organisation.permissions import is_care_staff
from stegvis.organisation.roles import roles_of

DESIGN_ROLES = (Role.DESIGNER, Role.PUBLISHER)


def design_provider_ids(user, role: str | None = None) -> set[int]:
    """The providers where `user` now holds a design role (or `role` only)."""
    roles = roles_of(user)
    wanted = (role,) if role else DESIGN_ROLES
    return {provider for r in wanted for provider in roles.provider_ids_with_unit_role(r)}


@rules.predicate
def has_design_role(user) -> bool:
    return bool(design_provider_ids(user))


@rules.predicate
def has_only_design_roles(user) -> bool:
    """Every role the user holds now is designer or publisher (no provider role either)."""
    roles = roles_of(user)
    held = set().union(*roles.by_unit.values()) if roles.by_unit else set()
    return bool(held) and not roles.by_provider and held <= set(DESIGN_ROLES)


def _provider_id_of(target) -> int | None:
    from stegvis.design.models import ProviderRootPage
    from stegvis.organisation.models import CareProvider

    if isinstance(target, CareProvider):
        return target.pk
    if isinstance(target, ProviderRootPage):
        return target.provider_id
    root = ProviderRootPage.objects.ancestor_of(target, inclusive=True).first()
    return root.provider_id if root else None


@rules.predicate
def is_publisher_for(user, target) -> bool:
    """`target` (a program page or a provider) belongs to a provider where user publishes."""
    provider_id = _provider_id_of(target)
    return provider_id is not None and provider_id in design_provider_ids(user, Role.PUBLISHER)


@rules.predicate
def is_designer_for(user, target) -> bool:
    provider_id = _provider_id_of(target)
    return provider_id is not None and provider_id in design_provider_ids(user)


# Wagtail asks for this permission before every admin view.
rules.add_perm("wagtailadmin.access_admin", is_care_staff & has_design_role)
rules.add_perm("design.use_design_tool", is_care_staff & has_design_role)
# Where sign-in lands: the design tool for staff with nothing to do in the clinic.
rules.add_perm("design.lands_in_design_tool", is_care_staff & has_only_design_roles)
# Target: a page in the provider's tree (or the provider).
rules.add_perm("design.view_program", is_care_staff & is_designer_for)
rules.add_perm("design.release_program", is_care_staff & is_publisher_for)
