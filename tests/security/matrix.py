"""The vocabulary of the URL x persona matrix: outcomes, entries, groups and the resolver walk.

Entries live in `tests/security/expectations/<area>.py`; `test_url_matrix.py` runs them. See
`tests/security/README.md` for how to add one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

# Outcomes of one request, as the matrix names them.
OK = "ok"  # 200/204; for POST also a redirect that is not a refusal (the action was done)
REDIRECT = "redirect"  # GET answered with a redirect elsewhere (e.g. "/" sends staff on)
DENIED = "denied"  # 403, or a redirect to "choose a workplace" / "set up MFA"
NOT_FOUND = "not_found"  # 404: the object is out of the persona's reach
LOGIN = "login"  # a redirect to sign in
NOT_ALLOWED = "not_allowed"  # 405: the method is refused
BAD_REQUEST = "bad_request"  # 400
UNAUTHORIZED = "unauthorized"  # 401: the API wants a bearer token, a session is not one

ALL_PERSONAS = (
    "anonymous",
    "citizen",
    "other_citizen",
    "relative",
    "ended_relative",
    "practitioner",
    "other_unit_practitioner",
    "citizen_admin",
    "access_admin",
    "data_admin",
    "provider_admin",
    "designer",
    "foreign_staff",
    "inactivated_staff",
)
CITIZENS = frozenset({"citizen", "other_citizen", "relative", "ended_relative"})
STAFF = frozenset(ALL_PERSONAS) - CITIZENS - {"anonymous"}
# Staff who treat at the citizen's unit (ADR 0004), and staff of other units and providers.
CARE_AT_UNIT = frozenset({"practitioner", "citizen_admin"})
OTHER_UNITS = frozenset({"other_unit_practitioner", "foreign_staff"})

# What a 200 GET must leave in the access log (PDL), see `Entry.shows_citizen_data`.
NO_DATA = False
CITIZEN_DATA = True  # at least one event naming the test citizen, by the signed-in persona
# A read event that names no citizen (a search of the access log without a citizen filter).
UNNAMED_READ = "unnamed_read"


def cells(
    *,
    ok: Iterable[str] = (),
    not_found: Iterable[str] = (),
    denied: Iterable[str] = (),
    anonymous: str = LOGIN,
    otherwise: str = DENIED,
    **exact: str,
) -> dict[str, str]:
    """Expected outcome for every persona: the named groups, `exact` overrides, else `otherwise`."""
    expected = {persona: otherwise for persona in ALL_PERSONAS}
    expected["anonymous"] = anonymous
    for outcome, personas in ((OK, ok), (NOT_FOUND, not_found), (DENIED, denied)):
        for persona in personas:
            expected[persona] = outcome
    for persona, outcome in exact.items():
        if persona not in expected:
            raise ValueError(f"unknown persona {persona!r}")
        expected[persona] = outcome
    return expected


def everyone(outcome: str) -> dict[str, str]:
    return {persona: outcome for persona in ALL_PERSONAS}


@dataclass
class Entry:
    """How to build one concrete URL of a pattern and what each persona gets there.

    pattern: "namespace:name", or "route:<full route>" for an unnamed pattern.
    url: builds the URL from the security world (`tests/security/world.py`).
    get / post: persona -> outcome; `post=None` means POST is not exercised (not a form).
    shows_citizen_data: what a 200 GET must record in the access log: NO_DATA (no event at
      all), CITIZEN_DATA (an event naming the test citizen, actor = the persona) or UNNAMED_READ;
      a dict persona -> one of those for pages whose content depends on who looks.
    prepare: run with the signed-in client before the request (e.g. a lookup the page needs).
    xfail: {(method, persona): reason} for known, reported bugs; a passing xfail cell fails.
    """

    pattern: str
    url: Callable
    get: dict[str, str]
    post: dict[str, str] | None = None
    post_data: Callable | None = None
    shows_citizen_data: bool | str | dict = NO_DATA
    prepare: Callable | None = None
    xfail: dict[tuple[str, str], str] = field(default_factory=dict)
    label: str = ""
    source: str = ""  # the expectations module, filled in when entries are collected

    @property
    def title(self) -> str:
        return f"{self.pattern} [{self.label}]" if self.label else self.pattern

    def data_mode(self, persona: str):
        if isinstance(self.shows_citizen_data, dict):
            return self.shows_citizen_data.get(persona, NO_DATA)
        return self.shows_citizen_data


@dataclass
class Group:
    """A third-party URL tree covered as a whole by a few representative entries.

    Every pattern whose full route starts with `prefix` (and has no entry of its own) counts as
    covered; `why` says why sampling is enough there.
    """

    prefix: str
    why: str
    samples: list[Entry]


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name" or "route:<route>"
    route: str
    view: str


def walk(patterns=None, prefix: str = "", namespace: str | None = None) -> Iterator[Pattern]:
    """Every URL pattern of the project, through includes, with its full name and route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = f"route:{route}"
            callback = pattern.callback
            view = f"{callback.__module__}.{getattr(callback, '__qualname__', callback)}"
            yield Pattern(key=key, route=route, view=view)
