"""The access log's monthly partitions on PostgreSQL (stegvis/audit/partitions.py, ADR 0007)."""

import datetime as dt
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from stegvis.audit import partitions
from stegvis.audit.models import AccessEvent, AccessEventSubject, Checkpoint
from stegvis.audit.recording import record_reads
from tests.audit.conftest import tamper
from tests.markers import needs_postgresql

pytestmark = needs_postgresql("declarative partitioning")

# A month no test records in and the migration made no partition for.
OLD = partitions.month_start(timezone.localdate() - dt.timedelta(days=400))


def _where(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _list_read(world, provider_unit=None) -> AccessEvent:
    [event] = record_reads(
        actor=world.practitioner,
        action="care.list_all",
        unit=provider_unit or world.unit,
        role="practitioner",
        rows=[(world.citizen.pk, None), (world.other_citizen.pk, None)],
        compact=True,
    )
    return event


def _backdate_list_read(event: AccessEvent, when: dt.datetime) -> None:
    for table, column in (("audit_accessevent", "id"), ("audit_accesseventsubject", "event_id")):
        tamper(f"UPDATE {table} SET occurred_at = %s WHERE {column} = %s", [when, event.pk])


def _archive(world, provider, before: dt.date, out) -> None:
    call_command(
        "audit", "archive", "--provider", provider.code, "--before", before.isoformat(),
        "--out", str(out), stdout=StringIO(),
    )  # fmt: skip


def _verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_events_and_their_subjects_land_in_their_month(world):
    event = _list_read(world)
    month = partitions.month_start(timezone.localtime(event.occurred_at))
    assert partitions.is_partitioned()
    assert _where("audit_accessevent", event.pk) == partitions.partition_name(
        "audit_accessevent", month
    )
    subject = AccessEventSubject.objects.filter(event=event).first()
    assert subject.occurred_at == event.occurred_at
    assert _where("audit_accesseventsubject", subject.pk) == partitions.partition_name(
        "audit_accesseventsubject", month
    )


def test_the_months_ahead_are_made_once(db):
    today = timezone.localdate()
    done = partitions.ensure_ahead(today, 14)
    assert done.made == partitions.months(
        partitions.ahead_of(today, 13), partitions.ahead_of(today, 14)
    )
    assert done.in_default == done.busy == []
    assert partitions.ensure_ahead(today, 14) == ([], [], [])
    out = StringIO()
    call_command("audit", "partitions", "--months", "14", stdout=out)
    assert "Made 0 month partitions" in out.getvalue()


def test_a_month_already_in_the_default_partition_is_left_out(world, read):
    far = partitions.ahead_of(timezone.localdate(), 30)
    event = read(when=dt.datetime.combine(far, dt.time(12), tzinfo=dt.UTC))
    assert _where("audit_accessevent", event.pk) == "audit_accessevent_default"
    assert partitions.ensure(far, far) == ([], [far], [])
    with pytest.raises(CommandError, match=f"{far:%Y-%m}"):
        call_command("audit", "partitions", "--months", "30", stdout=StringIO())


def test_a_partition_refuses_truncate_changes_and_a_second_event_at_one_link(world, read, seal):
    first, second = read(), read()
    seal()
    first.refresh_from_db()
    name = _where("audit_accessevent", first.pk)
    for sql in (f"TRUNCATE {name}", f"DELETE FROM {name}", f"UPDATE {name} SET action = 'x'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    with pytest.raises(DatabaseError, match="_link"), transaction.atomic():
        tamper(
            "UPDATE audit_accessevent SET sequence = %s WHERE id = %s",
            [first.sequence, second.pk],
        )


@pytest.fixture
def old_month(world, read, seal):
    """Three reads and a list read of world.provider in OLD's partition, and one read now."""
    partitions.ensure(OLD, OLD)
    when = dt.datetime.combine(OLD + dt.timedelta(days=4), dt.time(10), tzinfo=dt.UTC)
    olds = [read(when=when) for _ in range(3)]
    listed = _list_read(world)
    _backdate_list_read(listed, when)
    return [*olds, listed]


def _has_partition(month: dt.date) -> bool:
    with connection.cursor() as cursor:
        return month in partitions.existing(cursor)


def test_the_archive_drops_a_month_whose_every_event_it_archived(
    world, old_month, read, seal, tmp_path
):
    now = read()
    seal()
    out = tmp_path / "archive.jsonl"
    _archive(world, world.provider, partitions.next_month(OLD), out)
    assert not _has_partition(OLD)
    assert not AccessEvent.objects.filter(pk__in=[e.pk for e in old_month]).exists()
    assert not AccessEventSubject.objects.filter(event_id=old_month[-1].pk).exists()
    assert AccessEvent.objects.filter(pk=now.pk).exists()
    assert Checkpoint.objects.get(kind="base").sequence == 4
    verified = StringIO()
    call_command("audit", "verify", stdout=verified)
    assert "The access log is intact" in verified.getvalue()
    call_command("audit", "verify-archive", str(out), stdout=verified)
    assert "4 events verified" in verified.getvalue()


def test_a_month_with_another_provider_s_unarchived_events_is_kept(
    world, old_month, read, seal, tmp_path
):
    when = dt.datetime.combine(OLD + dt.timedelta(days=9), dt.time(10), tzinfo=dt.UTC)
    theirs = read(actor=world.foreign_staff, unit=world.foreign_unit, when=when)
    seal()
    _archive(world, world.provider, partitions.next_month(OLD), tmp_path / "archive.jsonl")
    assert _has_partition(OLD)
    # This provider's archived events are deleted one by one, the other's stay.
    assert not AccessEvent.objects.filter(pk__in=[e.pk for e in old_month]).exists()
    old = AccessEvent.objects.filter(occurred_at__lt=partitions.starts(partitions.next_month(OLD)))
    assert list(old) == [theirs]


def test_a_month_with_an_event_not_yet_sealed_is_kept(world, old_month, read, seal, tmp_path):
    seal()
    when = dt.datetime.combine(OLD + dt.timedelta(days=20), dt.time(10), tzinfo=dt.UTC)
    late = read(when=when)  # committed after the sealer ran: sealed by the next run
    _archive(world, world.provider, partitions.next_month(OLD), tmp_path / "archive.jsonl")
    assert _has_partition(OLD)
    assert list(AccessEvent.objects.filter(sequence__isnull=True)) == [late]


@pytest.fixture
def long_reader():
    """Another session reading the log in a transaction that stays open (a long export)."""
    params = connection.get_connection_params()
    reader = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    reader.execute("LOCK TABLE audit_accessevent IN ACCESS SHARE MODE")
    yield
    reader.close()


def test_the_partitions_give_up_behind_a_long_reader_instead_of_stopping_the_site(
    db, long_reader, monkeypatch
):
    monkeypatch.setattr(partitions, "LOCK_WAIT", "100ms")
    far = partitions.ahead_of(timezone.localdate(), 40)
    assert partitions.ensure(far, far) == ([], [], [far])
    with pytest.raises(CommandError, match="busy"):
        call_command("audit", "partitions", "--months", "40", stdout=StringIO())
    with connection.cursor() as cursor:  # the session's own setting is back
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "0"


def test_the_archive_deletes_row_by_row_a_month_it_cannot_lock(
    world, old_month, read, seal, tmp_path, monkeypatch
):
    # (A real second session cannot lock a month this test's own transaction made.)
    def busy(cursor, month):
        error = OperationalError("lock timeout")
        error.__cause__ = psycopg.errors.LockNotAvailable("canceling statement: lock timeout")
        raise error

    monkeypatch.setattr(partitions, "_drop", busy)
    seal()
    _archive(world, world.provider, partitions.next_month(OLD), tmp_path / "archive.jsonl")
    assert _has_partition(OLD)
    assert not AccessEvent.objects.filter(pk__in=[e.pk for e in old_month]).exists()
    assert "The access log is intact" in _verify()
