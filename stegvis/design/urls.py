"""The design tool: Wagtail's admin at /design/, behind the design guard.

Every Wagtail admin view (and ours, registered through wagtail_hooks) runs inside `design_guard`:
staff without a current designer or publisher role get 403, and any page id in the URL outside
the user's providers' subtrees is a 404. Wagtail's own page permissions then apply as a second
line; the Wagtail groups behind them are synced when roles change (design/signals.py), never
here: looking at the design tool writes nothing.

Wagtail's sign-in, sign-out and password-reset views are never reached: their URLs send the
visitor to allauth's (the only sign-in, with its second factor, rate limits and lockout; issue
12). Its account page is ours, without the name, e-mail and password panels.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from stegvis.accounts.views import to_allauth
from stegvis.design import media_views
from stegvis.design.account import DesignAccountView
from stegvis.design.scope import page_in_scope

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
# Wagtail views that summarise pages across the whole tree, whatever the user's permissions.
TREE_WIDE_VIEWS = {"wagtailadmin_reports:page_types_usage"}


def design_guard(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_superuser:
            if not user.has_perm("design.use_design_tool"):
                raise PermissionDenied
            match = request.resolver_match
            if match is not None and match.view_name in TREE_WIDE_VIEWS:
                raise PermissionDenied
            page_ids = [kwargs[name] for name in PAGE_ID_KWARGS if name in kwargs]
            if "pk" in kwargs and match is not None and match.namespace == "wagtailadmin_pages":
                page_ids.append(kwargs["pk"])
            if any(not page_in_scope(user, page_id) for page_id in page_ids):
                raise Http404
        if request.method in SAFE_METHODS:
            return view(request, *args, **kwargs)
        # Wagtail saves a page in several commits (the page, its revision, the subscription).
        # One transaction makes a save whole or nothing: on SQLite (IMMEDIATE) it waits for the
        # write lock before it starts, instead of failing half-way with "database is locked"
        # and leaving an autosaved new page behind that the next Submit clashes with.
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return wrapped


# Matched before Wagtail's own patterns of the same routes, which they replace.
sign_in_redirects = [
    path("login/", to_allauth("account_login"), name="design_login"),
    path("logout/", to_allauth("account_logout", repeat_post=True), name="design_logout"),
    re_path(
        r"^password_reset/", to_allauth("account_reset_password"), name="design_password_reset"
    ),
]

urlpatterns = [
    *sign_in_redirects,
    # Document.url reverses "wagtaildocs_serve": a designer's own, permission-checked link.
    path(
        "files/documents/<int:document_id>/<path:filename>",
        login_required(design_guard(media_views.document_file)),
        name="wagtaildocs_serve",
    ),
    *decorate_urlpatterns(
        [
            path(
                "account/",
                never_cache(require_admin_access(DesignAccountView.as_view())),
                name="design_account",
            ),
            path("", include(wagtailadmin_urls)),
        ],
        design_guard,
    ),
]
