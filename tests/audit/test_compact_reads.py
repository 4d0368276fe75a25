"""Compact list reads: one event per list page, its citizens in subject rows (ADR 0007).

The keyed link covers the subjects, so `audit verify` names the event when a subject row is
removed, added or changed; the sealer, the archive and every view about citizens see them.
"""

import csv
import io
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from stegvis.audit.models import AccessEvent, AccessEventSubject
from stegvis.audit.recording import record_reads
from stegvis.audit.services import archive, verification
from stegvis.audit.services.citizen import accesses_to
from stegvis.audit.services.export import csv_lines
from stegvis.audit.services.review import EventFilter, search_events
from tests.audit.conftest import tamper
from tests.factories import CitizenFactory
from tests.markers import needs_postgresql
from tests.plugins.queries import assert_queries

on_postgresql = needs_postgresql("its append-only triggers")


def _list_read(world, citizens, action="care.list_all") -> AccessEvent:
    [event] = record_reads(
        actor=world.practitioner,
        action=action,
        unit=world.unit,
        role="practitioner",
        rows=[(c.pk, 100 + i) for i, c in enumerate(citizens)],
        compact=True,
    )
    return event


def _verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_a_list_read_is_one_event_naming_each_citizen_shown(world, seal):
    citizens = [world.citizen, world.other_citizen, CitizenFactory()]
    event = _list_read(world, citizens)
    assert AccessEvent.objects.get() == event
    assert (event.citizen_id, event.subject_count) == (None, 3)
    assert sorted(AccessEventSubject.objects.values_list("citizen_id", "enrollment_id")) == sorted(
        (c.pk, 100 + i) for i, c in enumerate(citizens)
    )
    assert seal() == 1
    assert "1 events verified" in _verify()


def test_a_list_read_is_two_inserts_for_two_or_fifty_citizens(world):
    for n in (2, 50):
        citizens = [CitizenFactory() for _ in range(n)]
        with assert_queries(2):  # the event; its subjects in one multi-row insert
            _list_read(world, citizens)


def test_a_deleted_subject_breaks_the_chain_at_its_event(world, seal):
    event = _list_read(world, [world.citizen, world.other_citizen])
    seal()
    tamper(
        "DELETE FROM audit_accesseventsubject WHERE event_id = %s AND citizen_id = %s",
        [event.pk, world.other_citizen.pk],
    )
    with pytest.raises(CommandError, match=f"event {event.pk} .*changed or forged"):
        _verify()


def test_every_subject_deleted_breaks_the_chain_too(world, seal):
    event = _list_read(world, [world.citizen])
    seal()
    tamper("DELETE FROM audit_accesseventsubject WHERE event_id = %s", [event.pk])
    with pytest.raises(CommandError, match=f"event {event.pk} .*changed or forged"):
        _verify()


def test_a_subject_given_another_citizen_breaks_the_chain(world, seal):
    event = _list_read(world, [world.citizen, world.other_citizen])
    seal()
    tamper(
        "UPDATE audit_accesseventsubject SET citizen_id = %s "
        "WHERE event_id = %s AND citizen_id = %s",
        [CitizenFactory().pk, event.pk, world.citizen.pk],
    )
    with pytest.raises(CommandError, match=f"event {event.pk} .*changed or forged"):
        _verify()


def test_a_subject_added_to_a_sealed_list_read_breaks_the_chain(world, seal):
    event = _list_read(world, [world.citizen])
    seal()
    tamper(
        "INSERT INTO audit_accesseventsubject (event_id, occurred_at, citizen_id, enrollment_id) "
        "VALUES (%s, %s, %s, NULL)",
        [event.pk, event.occurred_at, world.other_citizen.pk],
    )
    with pytest.raises(CommandError, match=f"event {event.pk} .*changed or forged"):
        _verify()


def test_the_sealer_reads_a_batch_s_subjects_in_one_query(world, seal):
    citizens = [CitizenFactory() for _ in range(3)]
    for _ in range(30):
        _list_read(world, citizens)
    # The chains to seal; per batch (in a savepoint here) as for ordinary events plus one
    # query for the batch's subjects: lock (not on SQLite), events, subjects, head, base,
    # newest checkpoint, the update, checkpoint insert.
    with assert_queries({"sqlite": 10, "postgresql": 11}):
        assert seal(batch_size=100) == 30
    assert verification.verify_log().verified == 30


def test_the_citizen_sees_the_list_read_once_and_others_not(world, seal):
    other = CitizenFactory()
    event = _list_read(world, [world.citizen, other])
    _list_read(world, [other])
    seal()
    assert list(accesses_to(world.citizen)) == [event]
    assert len(accesses_to(other)) == 2


def test_the_review_shows_a_list_read_as_one_line_per_citizen(world):
    event = _list_read(world, [world.citizen, world.other_citizen])
    lines = list(search_events(world.provider, EventFilter(actor_id=world.practitioner.pk))[:50])
    assert [(line.pk, line.citizen, line.enrollment_id) for line in lines] == [
        (event.pk, world.citizen, 100),
        (event.pk, world.other_citizen, 101),
    ] or [(line.pk, line.citizen, line.enrollment_id) for line in lines] == [
        (event.pk, world.other_citizen, 101),
        (event.pk, world.citizen, 100),
    ]
    by_citizen = search_events(world.provider, EventFilter(citizen_id=world.other_citizen.pk))
    assert by_citizen.count() == 1
    [line] = by_citizen[:50]
    assert (line.pk, line.citizen, line.enrollment_id, line.action) == (
        event.pk,
        world.other_citizen,
        101,
        "care.list_all",
    )


def test_the_csv_has_one_row_per_citizen_shown(world):
    _list_read(world, [world.citizen, world.other_citizen])
    text = "".join(csv_lines(search_events(world.provider, EventFilter())))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))[1:]
    assert sorted(row[8] for row in rows) == sorted(
        [world.citizen.personnummer, world.other_citizen.personnummer]
    )
    assert {row[2] for row in rows} == {"care.list_all"}


def test_the_archive_keeps_the_subjects_and_verifies(world, seal, tmp_path):
    event = _list_read(world, [world.citizen, world.other_citizen])
    seal()
    out = tmp_path / "archive.jsonl"
    later = timezone.now() + timedelta(days=1)
    assert archive.archive(world.provider, later, out) == 1
    assert not AccessEvent.objects.exists() and not AccessEventSubject.objects.exists()
    line = json.loads(out.read_text().splitlines()[1])
    assert sorted(line["subjects"]) == sorted(
        [[world.citizen.pk, 100], [world.other_citizen.pk, 101]]
    )
    assert archive.verify_file(out) == (1, [])
    changed = {**line, "subjects": [[world.citizen.pk, 100]]}
    lines = out.read_text().splitlines()
    lines[1] = json.dumps(changed)
    out.write_text("\n".join(lines) + "\n")
    _count, problems = archive.verify_file(out)
    assert problems and f"event {event.pk} " in problems[0]


def _refused(sql: str, params=()) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


@on_postgresql
def test_the_database_refuses_changing_or_deleting_a_subject(world):
    _list_read(world, [world.citizen])
    subject = AccessEventSubject.objects.get()
    _refused(
        "UPDATE audit_accesseventsubject SET citizen_id = citizen_id WHERE id = %s", [subject.pk]
    )
    _refused("DELETE FROM audit_accesseventsubject WHERE id = %s", [subject.pk])
    # PostgreSQL refuses a TRUNCATE before any trigger runs while the transaction holds deferred
    # foreign-key checks on the table ("pending trigger events"): run them first, so that what
    # refuses the TRUNCATE is the append-only trigger under test.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _refused("TRUNCATE audit_accesseventsubject")
    assert AccessEventSubject.objects.count() == 1


def test_a_citizen_of_a_list_read_given_another_time_is_found(world, seal):
    event = _list_read(world, [world.citizen, world.other_citizen])
    seal()
    moved = connection.ops.adapt_datetimefield_value(event.occurred_at - timedelta(microseconds=1))
    tamper(
        "UPDATE audit_accesseventsubject SET occurred_at = %s "
        "WHERE event_id = %s AND citizen_id = %s",
        [moved, event.pk, world.other_citizen.pk],
    )
    with pytest.raises(
        CommandError, match=f"1 citizen.*time other than their event's .*event {event.pk}"
    ):
        _verify()
