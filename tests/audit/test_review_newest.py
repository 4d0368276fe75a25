"""The log review's first pages cost what a small log's do (stegvis/audit/services/lines.py).

A provider's whole log is tens of millions of lines. The page reads the newest lines of each
half (the events' own lines, the citizens of list reads) up to the page's end through the
(provider, time) and (time) indexes, and the count stops at the paginator's limit.
"""

import json

from django.db import connection
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.audit.recording import record_reads
from stegvis.audit.services.review import EventFilter, search_events
from tests.markers import needs_postgresql


def _list_read(world):
    return record_reads(
        actor=world.practitioner,
        action="care.list_mine",
        rows=[(world.citizen.pk, None), (world.other_citizen.pk, None)],
        unit=world.unit,
        role="practitioner",
        compact=True,
    )


def test_a_long_log_says_more_than_and_pages_on(world, login, read, monkeypatch):
    monkeypatch.setattr("stegvis.clinic.lists.COUNT_UP_TO", 2)
    monkeypatch.setattr("stegvis.clinic.views.access_log.PER_PAGE", 1)
    for _ in range(4):
        read()
    client = login(world.provider_admin)
    page = client.get(reverse("clinic:access_log")).content.decode()
    assert "Fler än 2 händelser" in page
    assert "Sida 1 av fler än 2" in page
    response = client.get(reverse("clinic:access_log"), {"page": 4})
    assert response.context["page"].number == 4
    assert len(response.context["page"].object_list) == 1


def test_a_short_log_says_how_many(world, login, read):
    read()
    page = login(world.provider_admin).get(reverse("clinic:access_log")).content.decode()
    assert "1 händelse" in page and "Fler än" not in page


def test_every_page_of_both_halves_is_the_whole_logs_order(world, read, db):
    for _ in range(3):
        read()
        _list_read(world)
    lines = search_events(world.provider, EventFilter())
    everything = [(line.event.pk, line.citizen and line.citizen.pk) for line in lines.iterator()]
    assert len(everything) == lines.count() == 9
    pages = [lines[start : start + 2] for start in range(0, 9, 2)]
    paged = [(line.event.pk, line.citizen and line.citizen.pk) for page in pages for line in page]
    assert paged == everything
    assert lines.count_up_to(4) == 4 and lines.count_up_to(20) == 9


@needs_postgresql("the plans are PostgreSQL's")
def test_the_first_page_reads_each_half_newest_first_through_its_index(world, read, db):
    read()
    _list_read(world)
    keys = search_events(world.provider, EventFilter())._page_keys(slice(0, 50))
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = json.dumps(cursor.fetchone()[0])
    assert "provider_id_occurred_at_id_idx" in plan  # the events' (provider, time desc, id)
    assert '"Index Name": "audit_accesseventsubject_y' in plan
    # Each half's, the page's, and the newest list reads' the subjects are looked up for.
    assert plan.count('"Node Type": "Limit"') == 4
    assert '"Filter": "(subject_count > 0)"' in plan
    assert AccessEvent.objects.count() == 2


def _foreign_list_read(world):
    return record_reads(
        actor=world.foreign_staff,
        action="care.list_mine",
        rows=[(world.citizen.pk, None)],
        unit=world.foreign_unit,
        role="practitioner",
        compact=True,
    )


def test_a_providers_pages_are_its_own_lines_behind_another_providers_newer_reads(world, read, db):
    # The subjects' half starts from the provider's own list reads, not from the newest
    # subjects of every provider (3 s for a small provider's first page at 20,000
    # enrollments): another provider's reads since must neither show nor shift a page.
    for _ in range(3):
        read()
        _list_read(world)
    for _ in range(5):
        _foreign_list_read(world)
    lines = search_events(world.provider, EventFilter())
    everything = [(line.event.pk, line.citizen and line.citizen.pk) for line in lines.iterator()]
    assert len(everything) == 9
    for size in (1, 2, 4, 50):  # pages ending before, among and after the list reads
        pages = [lines[start : start + size] for start in range(0, 9, size)]
        paged = [
            (line.event.pk, line.citizen and line.citizen.pk) for page in pages for line in page
        ]
        assert paged == everything, size
    foreign = search_events(world.other_provider, EventFilter())
    assert len(foreign[0:50]) == 5
    assert {line.event.provider_id for line in foreign[0:50]} == {world.other_provider.pk}


def test_the_limit_is_written_the_swedish_way(world, login, read, monkeypatch):
    monkeypatch.setattr("stegvis.clinic.lists.COUNT_UP_TO", 10_000)
    monkeypatch.setattr("stegvis.clinic.views.access_log.CountedLines.count", 10_001)
    read()
    page = login(world.provider_admin).get(reverse("clinic:access_log")).content.decode()
    assert "Fler än 10\xa0000 händelser" in page
