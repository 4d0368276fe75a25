"""Run every entry's URL as every persona and record what happened (status and access log)."""

from __future__ import annotations

import copy
import logging
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from stegvis.audit.models import AccessEvent, AccessEventSubject
from tests.security.matrix import (
    ALL_PERSONAS,
    BAD_REQUEST,
    DENIED,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    Entry,
)
from tests.signin import sign_in


@dataclass(frozen=True)
class Event:
    """What the crawl keeps of an access event (the rows are rolled back with the cell)."""

    action: str
    actor_id: int | None
    citizen_id: int | None
    unit_id: int | None
    provider_id: int | None
    actor_role: str


@dataclass
class Cell:
    entry: Entry
    method: str
    persona: str
    expected: str
    actual: str
    detail: str = ""
    events: list[Event] = field(default_factory=list)
    markers_shown: list[str] = field(default_factory=list)
    user_pk: int | None = None
    citizen_pk: int | None = None

    @property
    def where(self) -> str:
        return f"{self.method} {self.entry.title} as {self.persona}"


def _login_urls() -> tuple[str, ...]:
    return (reverse("account_login"), reverse("admin:login"), reverse("wagtailadmin_login"))


def _refusal_urls() -> tuple[str, ...]:
    return (reverse("clinic:workplace"), reverse("mfa_activate_totp"))


def classify(response, method: str) -> tuple[str, str]:
    """The matrix outcome of a response, and a detail for the failure report."""
    status = response.status_code
    if status in (200, 204):
        return OK, str(status)
    if 300 <= status < 400:
        location = response["Location"]
        if location.split("?")[0] in _login_urls():
            return LOGIN, f"{status} -> {location}"
        if location.split("?")[0] in _refusal_urls():
            return DENIED, f"{status} -> {location}"
        # A POST that redirects has been accepted (the form's "done" redirect).
        return (OK if method == "POST" else REDIRECT), f"{status} -> {location}"
    named = {401: UNAUTHORIZED, 403: DENIED, 404: NOT_FOUND, 405: NOT_ALLOWED, 400: BAD_REQUEST}
    return named.get(status, f"status {status}"), str(status)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        # Read it to the end: the test client then closes it without closing the database
        # connection (calling close() ourselves would, on PostgreSQL, mid-test).
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(("text/", "application/json", "application/fhir+json")):
        return ""
    return content.decode(errors="replace")


class Sessions:
    """Every persona signed in once on `client`, its session reused by every cell.

    Signing in (`force_login`, its signals, allauth's records) cost a third of the crawl when it
    was done for every cell. A persona's session is made outside the cells' savepoints, so each
    cell's rollback brings its row back as it was just after signing in (whatever the request
    did to it: touched, flushed, signed out), and the cell starts from a copy of the cookies the
    sign-in left, as a fresh sign-in would. A sign-in older than `MAX_AGE` seconds is made again,
    so that allauth's "recently signed in" (5 minutes) holds as it did with a sign-in per cell.
    """

    MAX_AGE = 60.0

    def __init__(self, client, sw):
        self.client = client
        self.sw = sw
        self._cookies: dict[str, tuple[SimpleCookie, float]] = {}

    def use(self, persona: str):
        """Sign `persona` in on the client (from its kept session): returns the user or None."""
        user = self.sw.persona(persona)
        cookies, at = self._cookies.get(persona, (None, 0.0))
        if cookies is None or (user is not None and time.monotonic() - at > self.MAX_AGE):
            # Not client.logout(): it would end the session of whoever was signed in last.
            self.client.cookies = SimpleCookie()
            if user is not None:
                sign_in(self.client, user)
            cookies, at = copy.deepcopy(self.client.cookies), time.monotonic()
            self._cookies[persona] = (cookies, at)
        self.client.cookies = copy.deepcopy(cookies)
        return user


def run_cell(sessions: Sessions, entry: Entry, method: str, persona: str, expected: str) -> Cell:
    """One request, inside a savepoint that is rolled back: no cell changes another's world."""
    client, sw = sessions.client, sessions.sw
    cache.clear()  # rate limits and cached pages must not leak between cells
    user = sessions.use(persona)  # outside the savepoint: the session outlives the cell
    with transaction.atomic():
        if entry.prepare is not None:
            entry.prepare(client, sw)
        before = AccessEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        url = entry.url(sw)
        try:
            if method == "GET":
                response = client.get(url)
            else:
                data = entry.post_data(sw) if entry.post_data else {}
                response = client.post(url, data)
        except Exception as error:  # a crash is a finding, reported as the cell's outcome
            cell = Cell(entry, method, persona, expected, f"error {type(error).__name__}")
            cell.detail = str(error)[:200]
        else:
            actual, detail = classify(response, method)
            cell = Cell(entry, method, persona, expected, actual, detail)
            if method == "GET" and actual == OK:
                body = _body(response)
                cell.markers_shown = [m for m in sw.citizen_markers() if m and m in body]
        cell.events = _events_after(before)
        cell.user_pk = user.pk if user is not None else None
        cell.citizen_pk = sw.citizen.pk
        transaction.set_rollback(True)
    return cell


def _events_after(before: int) -> list[Event]:
    """The events a request left, a compact list read as one per citizen it names (ADR 0007)."""
    rows = AccessEvent.objects.filter(pk__gt=before).order_by("pk")
    fields = ("action", "actor_id", "citizen_id", "unit_id", "provider_id", "actor_role")
    shown: dict[int, list[int]] = {}
    for event_id, citizen_id in AccessEventSubject.objects.filter(event_id__gt=before).values_list(
        "event_id", "citizen_id"
    ):
        shown.setdefault(event_id, []).append(citizen_id)
    events = []
    for pk, *row in rows.values_list("pk", *fields):
        if pk not in shown:
            events.append(Event(*row))
        for citizen_id in shown.get(pk, ()):
            events.append(Event(row[0], row[1], citizen_id, *row[3:]))
    return events


def crawl(client, sw, entries: list[Entry]) -> list[Cell]:
    cells = []
    sessions = Sessions(client, sw)
    # Thousands of expected 403s and 404s would each log a warning with a traceback; the
    # outcome of every request is in its cell, so the log only costs time here.
    logging.disable(logging.WARNING)
    try:
        for entry in entries:
            for method, expectations in (("GET", entry.get), ("POST", entry.post)):
                if expectations is None:
                    continue
                for persona in ALL_PERSONAS:
                    expected = expectations[persona]
                    cells.append(run_cell(sessions, entry, method, persona, expected))
    finally:
        logging.disable(logging.NOTSET)
    return cells
