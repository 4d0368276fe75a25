"""Rate limits for views that send or upload: per signed-in user, per IP address otherwise.

Rates come from settings (`RATE_LIMITS`, a group name → django-ratelimit rate such as "20/10m")
and are counted in the default cache: per process with the local-memory cache, across processes
with Redis (`CACHE_URL`). A request over the limit gets a 429 page that says when to try again
and keeps what the user typed: the page holds their text fields in a form that posts them again.

    @rate_limited("message_send")
    def send(request, ...): ...

Put the decorator inside the access checks (below `staff_required` and friends), so only
requests that would be served count. Views that prefer to re-render their own form call
`limit_reached(request, group)` and show `RATE_LIMITED_MESSAGE` as a form error.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

RATE_LIMITED_MESSAGE = _(
    "You have sent too much in a short time. Wait a minute and try again: "
    "nothing you wrote is lost."
)
# Fields never echoed back on the 429 page.
_NOT_ECHOED = {"csrfmiddlewaretoken"}


def _rate(group: str) -> str:
    try:
        return settings.RATE_LIMITS[group]
    except KeyError:
        # A missing rate is a configuration error, never "unlimited".
        raise ImproperlyConfigured(f"RATE_LIMITS has no rate for {group!r}.") from None


_WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _usage(
    request: HttpRequest,
    group: str,
    *,
    increment: bool,
    methods: tuple | None = _WRITES,
    key: str | None = None,
) -> dict | None:
    return get_usage(
        request,
        group=f"stegvis.{group}",
        # A fixed key counts per caller the view has identified (e.g. an API client).
        key="user_or_ip" if key is None else (lambda _group, _request: key),
        rate=_rate(group),
        method=list(methods) if methods else ALL,
        increment=increment,
    )


def limit_reached(
    request: HttpRequest, group: str, *, methods: tuple | None = _WRITES, key: str | None = None
) -> bool:
    """Count this request against `group` and tell whether it is over the limit.

    Only writes count by default; `methods=None` counts every request. Counted per signed-in
    user or address, or per `key` when given (an API client counts as one caller).
    """
    usage = _usage(request, group, increment=True, methods=methods, key=key)
    return bool(usage and usage["should_limit"])


def retry_after_seconds(request: HttpRequest, group: str, *, key: str | None = None) -> int:
    """Seconds until the caller's window in `group` (every method counted) starts again."""
    usage = _usage(request, group, increment=False, methods=None, key=key)
    return max(int(usage["time_left"]), 1) if usage and usage["time_left"] > 0 else 60


def rate_limited_response(
    request: HttpRequest, group: str, *, methods: tuple | None = _WRITES
) -> HttpResponse:
    """The 429 page: the message, a Retry-After header, and the user's text in a form to resend."""
    usage = _usage(request, group, increment=False, methods=methods)
    retry_after = max(int(usage["time_left"]), 1) if usage and usage["time_left"] > 0 else 60
    draft = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_ECHOED
        for value in values
    ]
    response = render(
        request,
        "security/rate_limited.html",
        {
            "message": RATE_LIMITED_MESSAGE,
            "draft": draft,
            "had_files": bool(request.FILES),
            "retry_minutes": max(1, (retry_after + 59) // 60),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(group: str) -> Callable:
    """Decorate a view: writes (POST and the like) beyond the group's rate get the 429 page."""

    _rate(group)  # fail at import time when the setting is missing

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in _WRITES and limit_reached(request, group):
                return rate_limited_response(request, group)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
