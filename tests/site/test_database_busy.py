"""A busy SQLite database answers "try again" (503), never a 500 or the debug page.

Services run again when SQLite says "database is locked" (stegvis.busy.atomic_write) and give a
clear message if it stays busy; whatever still meets it answers 503 (DatabaseBusyMiddleware).
"""

import pytest
from django.core.signals import got_request_exception
from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from stegvis import db as busy

LOCKED = OperationalError("database is locked")


class Flaky:
    """A service body that meets "database is locked" `times` times, then works."""

    def __init__(self, times: int, error: Exception = LOCKED):
        self.calls, self.times, self.error = 0, times, error

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.times:
            raise self.error
        return "saved"


@pytest.fixture
def no_waiting(monkeypatch):
    monkeypatch.setattr(busy, "BACKOFF", (0, 0))


def test_a_locked_write_is_run_again(transactional_db, no_waiting):
    flaky = Flaky(times=2)

    assert busy.atomic_write(flaky)() == "saved"
    assert flaky.calls == 3


def test_a_write_that_stays_locked_says_so_clearly(transactional_db, no_waiting):
    flaky = Flaky(times=5)

    with pytest.raises(busy.DatabaseBusy) as raised:
        busy.atomic_write(flaky)()

    assert flaky.calls == busy.ATTEMPTS
    assert raised.value.code == "database_busy"
    assert "Försök igen" in raised.value.messages[0]


def test_inside_another_transaction_it_is_not_run_again(transactional_db, no_waiting):
    flaky = Flaky(times=1)

    with pytest.raises(OperationalError), transaction.atomic():
        busy.atomic_write(flaky)()

    assert flaky.calls == 1


def test_other_database_errors_are_not_retried(transactional_db, no_waiting):
    flaky = Flaky(times=1, error=OperationalError("no such table: x"))

    with pytest.raises(OperationalError):
        busy.atomic_write(flaky)()

    assert flaky.calls == 1


@pytest.mark.urls("tests.site.urls_locked")
@override_settings(DEBUG=True)
def test_a_locked_page_answers_503_in_both_languages_without_the_debug_page(client, db):
    response = client.get("/locked/")

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "försök igen" in response.text and "try again" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


@pytest.mark.urls("tests.site.urls_locked")
def test_a_locked_form_post_says_nothing_is_lost(client, db):
    response = client.post("/locked/", {"text": "mitt svar"})

    assert response.status_code == 503
    assert "det du skrev finns kvar" in response.text
    assert "what you typed is still there" in response.text


@pytest.mark.urls("tests.site.urls_locked")
def test_a_locked_autosave_answers_in_json(client, db):
    response = client.post("/locked/", {}, headers={"accept": "application/json"})

    assert response.status_code == 503
    assert response.json()["saved"] is False


@pytest.mark.urls("tests.site.urls_locked")
def test_a_service_that_stayed_busy_answers_503_where_no_form_shows_it(client, db):
    assert client.get("/busy/").status_code == 503


@pytest.mark.urls("tests.site.urls_locked")
def test_other_database_errors_stay_errors(client, db):
    client.raise_request_exception = False

    assert client.get("/broken/").status_code == 500


def test_a_lock_met_outside_the_view_is_answered_503_too(db):
    # Say, saving the session: Django turns the error into a 500 inside the middleware chain.
    request = RequestFactory().get("/portal/")

    def chain(request):
        try:
            raise LOCKED
        except OperationalError:
            got_request_exception.send(sender=None, request=request)
            return HttpResponse(status=500)

    response = busy.DatabaseBusyMiddleware(chain)(request)

    assert response.status_code == 503
