"""Which part of the Wagtail page tree a member of staff may reach: their providers' subtrees."""

from django.db.models import Q
from wagtail.models import Page

from stegvis.design.models import ProviderRootPage
from stegvis.design.permissions import design_provider_ids


def allowed_root_paths(user) -> list[str]:
    return list(
        ProviderRootPage.objects.filter(provider_id__in=design_provider_ids(user)).values_list(
            "path", flat=True
        )
    )


def in_scope_q(user) -> Q:
    """Pages in the user's providers' subtrees (and the tree's root, to browse from)."""
    q = Q(depth=1)
    for path in allowed_root_paths(user):
        q |= Q(path__startswith=path)
    return q


def page_in_scope(user, page_id) -> bool:
    """Whether page `page_id` is in the user's subtrees; unknown ids are left to Wagtail."""
    row = Page.objects.filter(pk=page_id).values_list("path", "depth").first()
    if row is None:
        return True
    path, depth = row
    return depth == 1 or any(path.startswith(root) for root in allowed_root_paths(user))
