"""After an approved handover the sending unit has no access left, on any enrollment URL.

The test walks the URL resolver, so every pattern that takes an `enrollment_id` is covered,
including those other parts add later. As the sending unit's practitioner and citizen admin it
opens each one before approval (they reach the enrollment) and after (403 or 404 everywhere,
401 on the API's token-only URLs;
POST-only views are posted to). The citizen's own pages keep working, at the same URLs.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from stegvis.care.services.handover import approve_handover
from tests.care import handover_fixtures
from tests.factories import FeedbackFactory, FlagFactory

enrollment = handover_fixtures.enrollment
pending = handover_fixtures.pending
receiving = handover_fixtures.receiving

PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def enrollment_routes() -> list[str]:
    routes = [r for r in _walk(get_resolver().url_patterns) if "<int:enrollment_id>" in r]
    return sorted(set(routes))


def _path(route: str, values: dict) -> str:
    def fill(match):
        name, converter = match["name"], match["converter"] or "str"
        if name in values:
            return str(values[name])
        return "1" if converter == "int" else "x"

    path = PARAM.sub(fill, route)
    return "/" + path.lstrip("^").rstrip("$")


@pytest.fixture
def values(pending):
    enrollment = pending.enrollment
    flag = FlagFactory(enrollment=enrollment)
    feedback = FeedbackFactory(enrollment=enrollment)
    return {
        "enrollment_id": enrollment.pk,
        "flag_id": flag.pk,
        "feedback_id": feedback.pk,
        "step_key": "intro-1",
        "module_key": "intro",
    }


def test_the_walk_finds_the_enrollment_urls():
    routes = enrollment_routes()
    assert any(r.startswith("clinic/care/<int:enrollment_id>/") for r in routes)
    assert any(r.startswith("portal/") for r in routes)
    assert len(routes) >= 10, routes


@pytest.mark.parametrize("persona", ["practitioner", "citizen_admin"])
def test_the_sending_unit_loses_all_access_on_approval(
    world, receiving, pending, values, login, persona
):
    client = login(getattr(world, persona))
    paths = [_path(route, values) for route in enrollment_routes()]
    before = {path: client.get(path).status_code for path in paths}
    reachable = [p for p, status in before.items() if status == 200]
    # Hantera at least, and for the practitioner the handover steps too.
    assert f"/clinic/care/{pending.enrollment_id}/" in reachable, before

    approve_handover(
        actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
    )

    leaks = {}
    for path in paths:
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path, {})
        # 401: the API's URLs take a bearer token, never a web session (tests/api covers tokens).
        if response.status_code not in (401, 403, 404):
            leaks[path] = response.status_code
    assert not leaks, f"still reachable by the sending unit's {persona}: {leaks}"


def test_the_receiving_unit_and_the_citizen_carry_on_at_the_same_urls(
    world, receiving, pending, values, login
):
    citizen_paths = [
        _path(route, values) for route in enrollment_routes() if route.startswith("portal/")
    ]
    client = login(world.citizen)
    before = {path: client.get(path).status_code for path in citizen_paths}
    assert 200 in before.values(), before

    approve_handover(
        actor=receiving.citizen_admin, handover=pending, practitioner=receiving.practitioner
    )

    after = {path: login(world.citizen).get(path).status_code for path in citizen_paths}
    assert after == before
    hantera = f"/clinic/care/{pending.enrollment_id}/"
    assert login(receiving.practitioner).get(hantera).status_code == 200
    assert login(receiving.citizen_admin).get(hantera).status_code == 200
