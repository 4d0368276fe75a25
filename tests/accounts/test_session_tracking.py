"""A session's last activity, address and browser (allauth's list of one's sessions), tracked
without a write on every request (stegvis.accounts.middleware.ThrottledUserSessionsMiddleware)."""

from unittest import mock

import pytest
from allauth.usersessions.models import UserSession
from allauth.usersessions.signals import session_client_changed
from django.urls import reverse

from stegvis.accounts import middleware
from tests.plugins.queries import count_queries

pytestmark = pytest.mark.django_db


def _session(client) -> UserSession:
    return UserSession.objects.get(session_key=client.session.session_key)


def _later(seconds: float):
    now = middleware.time.time() + seconds
    return mock.patch.object(middleware.time, "time", return_value=now)


def test_requests_close_together_do_not_write_the_session_row(world, login):
    client = login(world.citizen)
    client.get(reverse("portal:home"))
    seen = _session(client).last_seen_at
    with count_queries() as captured:
        client.get(reverse("portal:home"))
    assert not [q for q in captured.captured_queries if "usersession" in q["sql"]]
    assert _session(client).last_seen_at == seen


def test_the_row_is_touched_again_after_the_interval(world, login):
    client = login(world.citizen)
    client.get(reverse("portal:home"))
    seen = _session(client).last_seen_at
    with _later(middleware._TOUCH_EVERY_SECONDS + 1):
        client.get(reverse("portal:home"))
    assert _session(client).last_seen_at > seen


def test_a_new_address_is_recorded_at_once_and_signalled(world, login):
    client = login(world.citizen)
    client.get(reverse("portal:home"))
    changes = []

    def heard(sender, **kwargs):
        changes.append(kwargs["to_session"].ip)

    session_client_changed.connect(heard)
    try:
        client.get(reverse("portal:home"), REMOTE_ADDR="192.0.2.7")
    finally:
        session_client_changed.disconnect(heard)
    assert _session(client).ip == "192.0.2.7"
    assert changes == ["192.0.2.7"]


def test_the_session_keeps_a_digest_never_the_address(world, login):
    client = login(world.citizen)
    client.get(reverse("portal:home"), REMOTE_ADDR="192.0.2.7")
    stored = str(dict(client.session.items()))
    assert middleware.SESSION_TRACKED_KEY in stored
    assert "192.0.2.7" not in stored
