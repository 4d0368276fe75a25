"""Issue 12: no URL of the project or of the apps it mounts answers a half-signed-in session.

Walks every URL pattern (the matrix's resolver walk, through every include: ours, Wagtail's,
allauth's, Django admin's) with sessions forged the way an attacker makes them -- a bare
`login()` without allauth's records, a session that stopped after the password, and a POST of
the password to what used to be Wagtail's sign-in form -- as a member of staff (who has a second
factor) and as a citizen in production (e-ID only). Such a session may get a 2xx only where an
anonymous visitor gets one too, and it must be signed out after its first request.
"""

import copy
import logging
import re
import time
from http.cookies import SimpleCookie

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from tests.factories import TEST_PASSWORD
from tests.security import expectations
from tests.security.matrix import walk
from tests.security.world import build_world
from tests.signin import ALLAUTH_BACKEND, sign_in

pytestmark = pytest.mark.slow

# Values for the path parameters of patterns the matrix has no concrete URL for: any value the
# converter or regex accepts will do, the forged session must be refused before the view looks.
_SAMPLES = ("1", "x", "auth", "live", "a-b", "MQ")
_CONVERTERS = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": "0" * 32}


def _fill_regex_group(match: re.Match) -> str:
    inner = match.group(2)
    for sample in _SAMPLES:
        if re.fullmatch(inner, sample):
            return sample
    raise ValueError(f"no sample value matches {inner!r}")


def synthesise(route: str) -> str:
    """A concrete path for a route of the walk (converters and regex groups filled in)."""
    path = re.sub(r"\(\?P<(\w+)>([^()]*)\)", _fill_regex_group, route)
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: _CONVERTERS[m.group(1) or "str"], path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


def _urls(sw) -> list[tuple[str, str]]:
    """(pattern key, url) for every pattern: the matrix's own URL where it has one."""
    by_key = {}
    samples = [s for group in expectations.groups() for s in group.samples]
    for entry in expectations.entries() + samples:
        by_key.setdefault(entry.pattern, entry)
    urls = []
    for pattern in walk():
        entry = by_key.get(pattern.key)
        urls.append((pattern.key, entry.url(sw) if entry else synthesise(pattern.route)))
    return urls


def _get(client, url) -> int:
    cache.clear()  # rate limits must not turn a cell into 429
    return client.get(url).status_code


def _forge(client, user, how: str, logout: bool = True) -> None:
    if logout:
        client.logout()
    if how == "bare login":
        client.force_login(user, backend=ALLAUTH_BACKEND)
    elif how == "password only":
        sign_in(client, user, steps=[{"method": "password", "at": 0}])
    else:  # the old Wagtail sign-in form
        client.post("/design/login/", {"username": user.email, "password": TEST_PASSWORD})


FORGERIES = ("bare login", "password only", "Wagtail's sign-in form")


class ForgedSessions:
    """Each forgery made once and replayed for every URL (issue 14).

    Forging for every URL cost half the walk. The forged session is made outside the URL's
    savepoint, so the rollback after each GET brings its row back as the forgery left it (the
    GET signs it out), and the client starts from a copy of the forgery's cookies. A forgery
    older than `MAX_AGE` seconds is made again, so no session is refused for its age alone.
    """

    MAX_AGE = 60.0

    def __init__(self, client, user):
        self.client, self.user = client, user
        self._cookies: dict[str, tuple[SimpleCookie, float]] = {}

    def use(self, how: str) -> None:
        cookies, at = self._cookies.get(how, (None, 0.0))
        if cookies is None or time.monotonic() - at > self.MAX_AGE:
            # Not client.logout() (as `_forge` does): it would end the other forgeries' sessions.
            self.client.cookies = SimpleCookie()
            _forge(self.client, self.user, how, logout=False)
            cookies, at = copy.deepcopy(self.client.cookies), time.monotonic()
            self._cookies[how] = (cookies, at)
        self.client.cookies = copy.deepcopy(cookies)


def test_synthesised_urls_fill_converters_and_regex_groups():
    assert synthesise("clinic/care/<int:enrollment_id>/") == "/clinic/care/1/"
    assert synthesise("accounts/oidc/^(?P<provider_id>[^/]+)/login/") == "/accounts/oidc/1/login/"
    assert synthesise("django-admin/^(?P<app_label>auth|mfa)/$") == "/django-admin/auth/"


# One test per persona, so that pytest-xdist runs the two walks at once.
@pytest.mark.parametrize("persona", ["practitioner", "citizen"])
def test_no_url_answers_a_session_that_skipped_a_sign_in_step(world, settings, tmp_path, persona):
    # Production: citizens sign in with e-ID only. (Through the `settings` fixture alone: mixed
    # with an override_settings decorator, its teardown would restore the decorator's values.)
    settings.CITIZEN_PASSWORD_LOGIN = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    sw = build_world(world)
    for build in expectations.builders():
        build(sw)
    urls = _urls(sw)
    anonymous = Client(raise_request_exception=False)
    client = Client(raise_request_exception=False)
    forged = ForgedSessions(client, sw.persona(persona))
    wrong = []
    logging.disable(logging.WARNING)  # every forged session logs its ending
    try:
        for key, url in urls:
            public = 200 <= _get(anonymous, url) < 300
            for how in FORGERIES:
                forged.use(how)
                with transaction.atomic():  # rolled back: the next URL gets the same forgery
                    status = _get(client, url)
                    if 200 <= status < 300 and not public:
                        wrong.append(f"- GET {url} ({key}) as {persona}, {how}: {status}")
                    if SESSION_KEY in client.session:
                        wrong.append(f"- GET {url} ({key}) as {persona}, {how}: still signed in")
                    transaction.set_rollback(True)
    finally:
        logging.disable(logging.NOTSET)
    assert len(urls) > 300  # the walk reached the third-party trees
    assert not wrong, f"{len(wrong)} answers to half-signed-in sessions:\n" + "\n".join(wrong)


@pytest.mark.parametrize("how", FORGERIES)
def test_each_forgery_is_refused_where_a_full_sign_in_is_let_in(world, client, how):
    _forge(client, world.practitioner, how)
    assert client.get("/clinic/").status_code == 302
    sign_in(client, world.practitioner)
    assert client.get("/clinic/").status_code == 200
