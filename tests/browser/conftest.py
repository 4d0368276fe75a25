"""Browser fixtures: one Chromium per session, pages at phone and desktop sizes, sign-in.

Run with `.venv/bin/python -m pytest tests/browser -q`; leave them out with `-m "not browser"`.
Without Chromium the tests skip, unless STEGVIS_REQUIRE_BROWSER=1 (CI), where they fail.
Pages are in English (the msgids), so tests do not depend on compiled translations: every
context carries the language cookie the header's switcher sets (Swedish is the default whatever
the browser asks). One test checks every page in Swedish.

Every browser test is transactional (a live server), so its database is emptied afterwards;
tests/plugins/flush.py puts the content types and permissions back from the first flush's
instead of recomputing them each time.
"""

import os
import threading
import warnings
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse ORM calls from fixtures and tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Debian's Chromium; never `playwright install` (no network in CI or here).
CHROMIUM = Path(os.environ.get("STEGVIS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
LOCALE = "en-GB"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = "Chromium not installed: apt-get install chromium"
        if os.environ.get("STEGVIS_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class InFlight:
    """Requests the live server is still answering. A page closed by a test can leave one
    running; on SQLite the server thread shares the test's in-memory connection, and a request
    still in a transaction there while the next test begins leaves that connection with
    autocommit off (the cause of a run's rare cascade of "on_commit() cannot be used in manual
    transaction management" at world set-up)."""

    def __init__(self):
        self._count = 0
        self._idle = threading.Condition()

    def started(self, sender, **kwargs) -> None:
        if _is_test_client(sender):
            return  # answered before the test's call returns
        with self._idle:
            self._count += 1

    def finished(self, sender, **kwargs) -> None:
        if _is_test_client(sender):
            return
        with self._idle:
            self._count = max(0, self._count - 1)
            self._idle.notify_all()

    def wait(self, seconds: float) -> bool:
        with self._idle:
            idle = self._idle.wait_for(lambda: self._count == 0, timeout=seconds)
            self._count = 0  # a request never closed must not hold up every later test
            return idle


def _is_test_client(sender) -> bool:
    from django.test.client import ClientHandler

    return isinstance(sender, type) and issubclass(sender, ClientHandler)


in_flight = InFlight()
request_started.connect(in_flight.started, dispatch_uid="tests.browser.in_flight.started")
request_finished.connect(in_flight.finished, dispatch_uid="tests.browser.in_flight.finished")


@pytest.fixture(autouse=True)
def _no_request_left(transactional_db):
    """Wait for the live server's last request before the database is emptied (teardown runs
    after the pages' contexts close, before `transactional_db`'s flush)."""
    yield
    if not in_flight.wait(seconds=15):
        warnings.warn("the live server still answers a request 15 s after the test", stacklevel=1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Forget used TOTP codes and sign-in rate limits, which live in the cache, between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def choose_english(context) -> None:
    """Give a browser context the cookie the language switcher sets when English is chosen."""
    from django.conf import settings

    context.add_cookies(
        [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "domain": host, "path": "/"}
            for host in ("localhost", "127.0.0.1")
        ]
    )


def _new_page(browser, viewport: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=LOCALE)
    choose_english(context)
    context.set_default_timeout(10_000)
    return context, context.new_page()


# The page fixtures ask for `transactional_db` so that pytest closes their browser context before
# it empties the database: a request still in flight must not race the flush (SQLite would then
# refuse the flush and leave the test's rows for the next test).


@pytest.fixture
def phone_page(browser, transactional_db):
    context, page = _new_page(browser, "phone")
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, transactional_db):
    context, page = _new_page(browser, "desktop")
    yield page
    context.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, transactional_db):
    """A fresh page at each viewport size; the test runs once per size."""
    context, page = _new_page(browser, request.param)
    yield page
    context.close()


@pytest.fixture
def server(live_server, transactional_db):
    """The live server's base URL; its thread sees data because the tests commit it."""
    return live_server.url


@pytest.fixture
def sign_in(server):
    """Sign in through the real forms: password, then for staff a TOTP code."""
    from tests.browser.helpers import current_totp_code, submit_password, submit_totp
    from tests.factories import TEST_PASSWORD, has_totp

    def _sign_in(page, user) -> None:
        submit_password(page, server, user.email, TEST_PASSWORD)
        if user.is_care_staff and has_totp(user):
            page.wait_for_url("**/accounts/2fa/authenticate/")
            submit_totp(page, current_totp_code())

    return _sign_in


@pytest.fixture
def log_in_as(server):
    """Put a session for `user` into the page's browser context, skipping the sign-in forms.

    Much faster than signing in; only the sign-in tests need the real forms. Extra session
    values (say, a chosen workplace) can be passed as keyword arguments.
    """
    from django.conf import settings
    from django.test import Client

    from tests.signin import sign_in

    def _log_in_as(page, user, **session_values) -> None:
        client = Client()
        sign_in(client, user)
        if session_values:
            session = client.session
            session.update(session_values)
            session.save()
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": server,
                }
            ]
        )

    return _log_in_as
