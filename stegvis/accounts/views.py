"""Redirects from other apps' sign-in and password views to allauth's, the only ones we run."""

from urllib.parse import urlencode

from allauth.account import views as allauth_views
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


class _RedirectKeepingMethod(HttpResponseRedirect):
    # 307: the browser repeats a POST (with its CSRF token) at allauth's view, e.g. a sign-out.
    status_code = 307


def _safe_next(request) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else ""


def to_allauth(url_name: str, *, repeat_post: bool = False):
    """A view sending every request to allauth's `url_name`, keeping `next` when it is safe.

    A POST is repeated there (307) only where `repeat_post` says so (sign-out); a sign-in POST
    is not: its credentials are never passed on, the visitor gets allauth's form (303).
    """

    @never_cache
    def view(request, *args, **kwargs):
        target = reverse(url_name)
        next_url = _safe_next(request)
        if next_url:
            target = f"{target}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
        if request.method == "POST" and repeat_post:
            return _RedirectKeepingMethod(target)
        response = HttpResponseRedirect(target)
        if request.method != "GET":
            response.status_code = 303
        return response

    view.__name__ = view.__qualname__ = f"to_{url_name}"
    return view


def email_for_citizens_only(request, *args, **kwargs):
    """allauth's e-mail page for citizens; read-only for staff, whose address the HSA
    catalogue owns (docs/onboarding.md): an address changed here would be overwritten by the
    next import and would move the password reset to an address the region does not know.
    """
    user = request.user
    if user.is_authenticated and user.is_care_staff:
        if request.method != "GET":
            raise PermissionDenied
        return render(request, "account/email_from_catalogue.html")
    return allauth_views.email(request, *args, **kwargs)
