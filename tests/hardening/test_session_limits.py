"""Session limits for citizens (staff ones and sign-out everywhere: tests/accounts).

Each kind of user has its own idle limit from settings, and the absolute limit holds however
active the user is.
"""

import datetime as dt
import time

from django.urls import reverse


def _age_session(client, *, idle_minutes: float = 0, signed_in_hours: float = 0) -> None:
    session = client.session
    session["stegvis_last_seen"] = time.time() - idle_minutes * 60
    session["stegvis_signed_in_at"] = time.time() - signed_in_hours * 3600
    session.save()


def test_a_citizen_idle_past_the_limit_is_signed_out(world, login, client):
    login(world.citizen)
    assert client.get(reverse("portal:home")).status_code == 200
    _age_session(client, idle_minutes=31)
    response = client.get(reverse("portal:home"))
    assert "/accounts/login/" in response["Location"]
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_citizen_active_within_the_limit_stays(world, login, client):
    login(world.citizen)
    client.get(reverse("portal:home"))
    _age_session(client, idle_minutes=29)
    assert client.get(reverse("portal:home")).status_code == 200


def test_citizens_and_staff_have_their_own_idle_limits(world, login, client, settings):
    settings.CITIZEN_IDLE_TIMEOUT = dt.timedelta(minutes=10)
    login(world.practitioner)
    client.get(reverse("clinic:start"))
    _age_session(client, idle_minutes=15)
    assert client.get(reverse("clinic:start")).status_code == 200
    login(world.citizen)
    client.get(reverse("portal:home"))
    _age_session(client, idle_minutes=15)
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_citizen_session_ends_after_the_absolute_limit_however_active(world, login, client):
    login(world.citizen)
    client.get(reverse("portal:home"))
    _age_session(client, idle_minutes=0, signed_in_hours=13)
    assert "/accounts/login/" in client.get(reverse("portal:home"))["Location"]


def test_the_session_cookie_ends_with_the_browser(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
