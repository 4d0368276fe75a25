"""Every URL pattern x every persona: the expected outcome, and the access log it leaves.

Entries: tests/security/expectations/<area>.py (see tests/security/README.md). One crawl runs
every cell once; the two tests below read its results and report every wrong cell at once.
"""

import pytest

from tests.security import expectations
from tests.security.crawl import Cell, crawl
from tests.security.matrix import (
    ALL_PERSONAS,
    CITIZEN_DATA,
    NO_DATA,
    OK,
    STAFF,
    UNNAMED_READ,
    walk,
)
from tests.security.world import build_world

AREA_BY_PREFIX = [
    ("clinic/care/", "care.py"),
    ("clinic/catalog/", "catalog.py"),
    ("clinic/", "clinic.py"),
    ("portal/", "portal.py"),
    ("design/", "design.py"),
]


def _area_for(pattern) -> str:
    """The expectations module a new pattern's entry belongs in: its app's, or by its route."""
    parts = pattern.view.split(".")
    if parts[0] == "stegvis" and parts[1] not in {"clinic", "portal", "views"}:
        return f"{parts[1]}.py"
    for prefix, module in AREA_BY_PREFIX:
        if pattern.route.startswith(prefix):
            return module
    return "site.py (or a new module named after your app)"


def all_entries():
    samples = [sample for group in expectations.groups() for sample in group.samples]
    return expectations.entries() + samples


def _covered_by_a_group(pattern, prefixes) -> bool:
    # Groups stand for third-party trees only: our own views in them need entries of their own.
    ours = pattern.view.startswith("stegvis.")
    return not ours and any(pattern.route.startswith(prefix) for prefix in prefixes)


def test_every_url_pattern_has_an_entry():
    patterns = list(walk())
    entry_keys = {entry.pattern for entry in all_entries()}
    prefixes = [group.prefix for group in expectations.groups()]
    missing = [
        p for p in patterns if p.key not in entry_keys and not _covered_by_a_group(p, prefixes)
    ]
    known = {p.key for p in patterns}
    stale = sorted(key for key in entry_keys if key not in known)
    problems = [
        f"- {p.key!r} (route {p.route!r}, view {p.view}): add Entry({p.key!r}, ...) to "
        f"tests/security/expectations/{_area_for(p)}"
        for p in missing
    ] + [f"- entry {key!r} names no URL pattern (renamed or removed?)" for key in stale]
    assert not problems, (
        "URL patterns without a matrix entry (see tests/security/README.md):\n"
        + "\n".join(problems)
    )


def test_group_samples_lie_in_their_group():
    routes = {p.key: p.route for p in walk()}
    outside = [
        f"- {sample.title} (route {routes.get(sample.pattern)!r}) is not under {group.prefix!r}"
        for group in expectations.groups()
        for sample in group.samples
        if not routes.get(sample.pattern, "").startswith(group.prefix)
    ]
    assert not outside, "Group samples outside their group:\n" + "\n".join(outside)


# The crawl in parts, so that pytest-xdist can run the parts at once on different workers
# (tests/plugins/parallel.py keeps each part's tests together). Every entry is in one part.
CRAWL_PARTS = 2
_CRAWLS: dict[int, list[Cell]] = {}


def part_entries(part: int) -> list:
    return all_entries()[part::CRAWL_PARTS]


@pytest.fixture(params=range(CRAWL_PARTS), ids=lambda part: f"part{part}")
def crawled(request, world, client, settings, tmp_path) -> list[Cell]:
    """Every cell of one part of the matrix, crawled once per test session (the world is
    rebuilt per test, so the part's other tests reuse the first one's results)."""
    part = request.param
    if part not in _CRAWLS:
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
        sw = build_world(world)
        for build in expectations.builders():
            build(sw)
        _CRAWLS[part] = crawl(client, sw, part_entries(part))  # only a finished crawl is kept
    return _CRAWLS[part]


def _table(lines: list[str]) -> str:
    return "\n".join(sorted(lines))


def test_every_persona_gets_the_expected_outcome_on_every_url(crawled):
    wrong, fixed = [], []
    for cell in crawled:
        reason = cell.entry.xfail.get((cell.method, cell.persona))
        if cell.actual != cell.expected and not reason:
            wrong.append(
                f"- {cell.where}: expected {cell.expected}, got {cell.actual} ({cell.detail})"
                f" [{cell.entry.source}]"
            )
        elif cell.actual == cell.expected and reason:
            fixed.append(
                f"- {cell.where}: marked xfail ({reason}) but passes; remove the mark"
                f" [{cell.entry.source}]"
            )
    assert not (wrong or fixed), (
        f"{len(wrong) + len(fixed)} wrong cells of {len(crawled)}:\n" + _table(wrong + fixed)
    )


def _access_problems(cell: Cell) -> list[str]:
    mode = cell.entry.data_mode(cell.persona)
    events = cell.events
    problems = []
    if any(e.actor_id != cell.user_pk for e in events):
        problems.append(f"events by another actor than the persona: {events}")
    if mode == CITIZEN_DATA:
        named = [e for e in events if e.citizen_id == cell.citizen_pk]
        if not named:
            problems.append(
                f"shows the citizen's data but logged no event naming them "
                f"({', '.join(e.action for e in events) or 'no events'})"
            )
        if cell.persona in STAFF:
            # The review searches by unit and role: a staff read must say where and as what
            # (a provider admin acts for the provider, not from a unit).
            needs_unit = cell.persona != "provider_admin"
            vague = [
                e.action
                for e in named
                if not (e.provider_id and e.actor_role and (e.unit_id or not needs_unit))
            ]
            if vague:
                problems.append(f"staff events without unit, provider or role: {vague}")
    elif mode == UNNAMED_READ:
        if not any(e.citizen_id is None for e in events):
            problems.append("no read event naming no citizen was logged")
    elif mode == NO_DATA:
        if events:
            actions = ", ".join(sorted({e.action for e in events}))
            problems.append(f"entry says no citizen data, but {len(events)} events ({actions})")
        if cell.markers_shown and cell.persona != "citizen":
            problems.append(f"entry says no citizen data, but the page shows {cell.markers_shown}")
    else:
        problems.append(f"unknown shows_citizen_data {mode!r}")
    return problems


def test_every_page_showing_citizen_data_left_an_access_event(crawled, world):
    problems = []
    for cell in crawled:
        if cell.method != "GET" or cell.actual != OK:
            continue
        found = _access_problems(cell)
        reason = cell.entry.xfail.get(("log", cell.persona))
        where = f"{cell.where} [{cell.entry.source}]"
        if reason and not found:
            problems.append(f"- {where}: log marked xfail ({reason}) but passes")
        elif not reason:
            problems.extend(f"- {where}: {problem}" for problem in found)
    assert not problems, f"{len(problems)} access-log problems:\n" + _table(problems)


def test_the_crawl_covers_every_persona_on_every_entry(crawled, request):
    part = request.node.callspec.params["crawled"]
    seen = {(id(cell.entry), cell.persona) for cell in crawled if cell.method == "GET"}
    assert len(seen) == len(part_entries(part)) * len(ALL_PERSONAS)


def test_the_parts_hold_every_entry_once():
    parts = [part_entries(part) for part in range(CRAWL_PARTS)]
    assert sorted(id(e) for part in parts for e in part) == sorted(id(e) for e in all_entries())
