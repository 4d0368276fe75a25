"""The matrix's own parts: the resolver walk, the outcome of a response, the cells helper."""

import pytest
from django.http import HttpResponse, HttpResponseRedirect

from tests.security.crawl import classify
from tests.security.matrix import (
    ALL_PERSONAS,
    BAD_REQUEST,
    DENIED,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    cells,
    walk,
)


def test_the_walk_names_patterns_through_nested_includes_and_namespaces():
    keys = {pattern.key: pattern for pattern in walk()}

    # clinic/care/ is included without a namespace of its own: the name lives in "clinic".
    assert keys["clinic:enrollment"].route == "clinic/care/<int:enrollment_id>/"
    assert "wagtailadmin_pages:edit" in keys
    assert keys["clinic:enrollment"].view.startswith("stegvis.clinic.views")
    assert any(key.startswith("route:") for key in keys)


@pytest.mark.parametrize(
    ("response", "method", "outcome"),
    [
        (HttpResponse(status=200), "GET", OK),
        (HttpResponse(status=204), "POST", OK),
        (HttpResponse(status=403), "GET", DENIED),
        (HttpResponse(status=404), "GET", NOT_FOUND),
        (HttpResponse(status=405), "GET", NOT_ALLOWED),
        (HttpResponse(status=400), "POST", BAD_REQUEST),
        (HttpResponseRedirect("/accounts/login/?next=/clinic/"), "GET", LOGIN),
        (HttpResponseRedirect("/django-admin/login/?next=/django-admin/"), "GET", LOGIN),
        (HttpResponseRedirect("/clinic/workplace/"), "GET", DENIED),
        (HttpResponseRedirect("/accounts/2fa/totp/activate/"), "GET", DENIED),
        (HttpResponseRedirect("/clinic/"), "GET", REDIRECT),
        # A POST answered with a redirect elsewhere was accepted.
        (HttpResponseRedirect("/clinic/care/1/"), "POST", OK),
        (HttpResponse(status=500), "GET", "status 500"),
    ],
)
def test_a_response_gets_its_outcome(response, method, outcome):
    assert classify(response, method)[0] == outcome


def test_cells_default_to_login_for_anonymous_and_denied_for_the_rest():
    expected = cells(ok={"citizen"}, not_found={"other_citizen"}, designer=REDIRECT)

    assert expected["anonymous"] == LOGIN
    assert expected["citizen"] == OK
    assert expected["other_citizen"] == NOT_FOUND
    assert expected["designer"] == REDIRECT
    assert expected["practitioner"] == DENIED
    assert set(expected) == set(ALL_PERSONAS)


def test_cells_refuse_an_unknown_persona():
    with pytest.raises(ValueError, match="unknown persona"):
        cells(janitor=OK)
