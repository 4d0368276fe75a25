"""Reads recorded together (a list page): one insert, no lock, sealed into the chain later."""

from io import StringIO

from django.core.management import call_command

from stegvis.audit.models import AccessEvent
from stegvis.audit.recording import record_read, record_reads
from tests.factories import CitizenFactory
from tests.plugins.queries import assert_queries


def test_bulk_reads_are_sealed_into_the_chain_in_order_and_verify(world, seal):
    first = record_read(
        actor=world.practitioner, action="x", citizen=world.citizen, unit=world.unit
    )
    citizens = [CitizenFactory() for _ in range(5)]
    record_reads(
        actor=world.practitioner,
        action="care.list_all",
        unit=world.unit,
        role="practitioner",
        rows=[(c.pk, None) for c in citizens],
    )
    record_read(actor=world.practitioner, action="y", citizen=world.citizen, unit=world.unit)
    assert seal() == 7
    stored = list(AccessEvent.objects.filter(chain=world.provider.pk).order_by("sequence"))
    assert [e.sequence for e in stored] == list(range(1, 8))
    assert [e.pk for e in stored] == sorted(e.pk for e in stored)
    assert stored[0].pk == first.pk and stored[1].prev_hash == stored[0].hash
    assert {e.citizen_id for e in stored[1:6]} == {c.pk for c in citizens}
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "7 events verified" in out.getvalue()


def test_bulk_reads_run_the_same_queries_for_two_or_forty_rows(world):
    # One event per row (the API's searches, research exports): SQLite takes at most 999
    # variables a statement, so 49 events of 20 columns (list pages use the compact form,
    # test_compact_reads.py).
    for n in (2, 40):
        rows = [(CitizenFactory().pk, None) for _ in range(n)]
        with assert_queries(1):  # one multi-row insert
            record_reads(actor=world.practitioner, action="a", unit=world.unit, rows=rows)


def test_recording_is_one_insert_without_lock_or_chain_head(world):
    # The request path (issue 19): no advisory lock, no read of the chain's head, no hashing.
    with assert_queries(1) as ctx:
        record_read(actor=world.practitioner, action="a", citizen=world.citizen, unit=world.unit)
    assert ctx.captured_queries[0]["sql"].startswith("INSERT INTO")
    event = AccessEvent.objects.get()
    assert (event.sequence, event.hash, event.key_id) == (None, None, None)


def test_no_rows_record_nothing(world):
    assert record_reads(actor=world.practitioner, action="a", unit=world.unit, rows=[]) == []
    assert not AccessEvent.objects.exists()
