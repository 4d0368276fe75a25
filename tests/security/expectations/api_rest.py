"""The REST API at /api/v1/ (stegvis/api/rest): bearer tokens only, like the FHIR API.

Ground truth: tests/api/test_rest_http.py drives every operation over HTTP with tokens of a
system client, a staff member's app and another provider's client. Here every persona comes
with a signed-in session and no token: a session is never a credential for the API (no CSRF
there), so every operation answers 401; only the OpenAPI document and the docs are open.
"""

from django.urls import reverse

from tests.security.matrix import NOT_ALLOWED, NOT_FOUND, OK, UNAUTHORIZED, Entry, everyone


def _rest(name: str, *args, post: bool = False, get: str = UNAUTHORIZED) -> Entry:
    """`get`: what a GET gets; NOT_ALLOWED where the route has no GET (405 before the token)."""
    return Entry(
        f"rest:{name}",
        lambda sw: reverse(f"rest:{name}", args=[a(sw) if callable(a) else a for a in args]),
        get=everyone(get),
        post=everyone(UNAUTHORIZED) if post else None,
        post_data=(lambda sw: {}) if post else None,
        label="a session, no token",
    )


def _release(sw):
    return sw.release.pk


ENTRIES = [
    Entry("rest:openapi-json", lambda sw: reverse("rest:openapi-json"), get=everyone(OK)),
    Entry("rest:openapi-view", lambda sw: reverse("rest:openapi-view"), get=everyone(OK)),
    Entry("rest:api-root", lambda sw: reverse("rest:api-root"), get=everyone(NOT_FOUND)),
    _rest("list_releases"),
    _rest("get_release", _release),
    _rest("list_programs"),
    _rest("list_units"),
    _rest("activate", lambda sw: sw.unit.pk, get=NOT_ALLOWED, post=True),
    _rest("deactivate", lambda sw: sw.unit.pk, _release, get=NOT_ALLOWED),
    _rest("list_enrollments"),
    # The same route as the list: a GET lists.
    _rest("start", post=True),
    _rest("get_enrollment", lambda sw: sw.enrollment.pk),
    _rest("phase", lambda sw: sw.enrollment.pk, get=NOT_ALLOWED, post=True),
    _rest("practitioner", lambda sw: sw.enrollment.pk, get=NOT_ALLOWED, post=True),
    _rest("list_messages", lambda sw: sw.enrollment.pk),
    _rest("send_message", lambda sw: sw.enrollment.pk, post=True),
]
