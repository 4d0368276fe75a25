"""The sealer: batches, two at once, and PostgreSQL's own refusals (ADR 0007)."""

import threading
import uuid

import pytest
from django.db import DatabaseError, connection, connections, transaction

from stegvis.audit.models import AccessEvent, Checkpoint
from stegvis.audit.recording import record_reads
from stegvis.audit.services import sealing, verification
from tests.factories import CitizenFactory
from tests.markers import needs_postgresql
from tests.plugins.queries import assert_queries

on_postgresql = needs_postgresql("its row locks, append-only triggers and roles")


def _reads(world, n: int) -> None:
    citizen = CitizenFactory()
    record_reads(
        actor=world.practitioner,
        action="care.list_all",
        unit=world.unit,
        rows=[(citizen.pk, None)] * n,
    )


def test_a_big_backlog_is_sealed_in_batches_with_few_queries(world, seal):
    _reads(world, 3000)
    # Per batch: lock, events, head, checkpoint check, the updates, checkpoint insert. SQLite
    # has no advisory lock but updates in smaller batches (its limit on query variables).
    with assert_queries({"sqlite": 34, "postgresql": 19}):
        assert seal(batch_size=2000) == 3000
    assert list(Checkpoint.objects.values_list("sequence", flat=True).order_by("id")) == [
        2000,
        3000,
    ]
    assert verification.verify_log().verified == 3000


def test_sealing_twice_changes_nothing(world, seal):
    _reads(world, 3)
    seal()
    before = list(AccessEvent.objects.values_list("id", "sequence", "hash").order_by("id"))
    assert seal() == 0
    assert list(AccessEvent.objects.values_list("id", "sequence", "hash").order_by("id")) == before


def test_a_regular_checkpoint_dates_an_unchanged_head(world, seal, settings):
    from datetime import timedelta

    _reads(world, 2)
    seal()
    assert sealing.checkpoint_heads() == 0  # the batch's checkpoint is fresh
    assert sealing.checkpoint_heads(older_than=timedelta(0)) == 1
    assert Checkpoint.objects.filter(sequence=2).count() == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_sealers_at_once_seal_each_event_once(world):
    _reads(world, 4000)

    def run():
        try:
            sealing.seal_pending(batch_size=500)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sealing.seal_pending()  # whatever a skipped chain left for the next run
    sequences = list(
        AccessEvent.objects.filter(chain=world.provider.pk)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, 4001))
    assert verification.verify_log().intact


def _refused(sql: str, params=()) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@on_postgresql
def test_the_database_refuses_changes_truncate_and_a_second_seal(world, seal):
    _reads(world, 1)
    event = AccessEvent.objects.get()
    _refused("UPDATE audit_accessevent SET action = 'x' WHERE id = %s", [event.pk])
    # Filling a seal column together with another change is refused too.
    _refused(
        "UPDATE audit_accessevent SET sequence = 1, prev_hash = 'a', hash = 'b', key_id = 'k', "
        "action = 'x' WHERE id = %s",
        [event.pk],
    )
    _refused("DELETE FROM audit_accessevent WHERE id = %s", [event.pk])
    _refused("TRUNCATE audit_accessevent")
    seal()  # the one update allowed: NULL seal columns filled, nothing else
    _refused("UPDATE audit_accessevent SET hash = 'b' WHERE id = %s", [event.pk])
    _refused(
        "UPDATE audit_accessevent SET sequence = NULL, prev_hash = NULL, hash = NULL, key_id = NULL"
    )
    for sql in ("UPDATE audit_checkpoint SET sequence = 0", "DELETE FROM audit_checkpoint"):
        _refused(sql)
    _refused("TRUNCATE audit_checkpoint")
    assert AccessEvent.objects.get().action == "care.list_all"
    assert verification.verify_log().intact


@on_postgresql
def test_an_app_role_that_does_not_own_the_table_cannot_switch_the_trigger_off(world):
    # As docs/access-log.md sets it up: migrations as the owner, the app as a plain role.
    role = f"stegvis_app_{uuid.uuid4().hex[:8]}"
    _reads(world, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT ON audit_accessevent, audit_checkpoint TO {role}")
        cursor.execute(
            f"GRANT UPDATE (sequence, prev_hash, hash, key_id) ON audit_accessevent TO {role}"
        )
        cursor.execute(f"SET LOCAL ROLE {role}")
        for sql in (
            "ALTER TABLE audit_accessevent DISABLE TRIGGER USER",
            "UPDATE audit_accessevent SET action = 'x'",
            "TRUNCATE audit_accessevent",
            "DELETE FROM audit_accessevent",
        ):
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(sql)
        transaction.set_rollback(True)  # the role goes with the transaction


def test_commits_within_the_delay_share_one_deferred_seal(db, settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from stegvis.audit import recording

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.AUDIT_SEAL_DELAY_SECONDS = 30
    monkeypatch.setattr(recording, "_next_seal", 0.0)
    for _ in range(3):
        recording._enqueue_seal()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "stegvis.audit.tasks.seal_access_log"
    assert queued.run_after is not None
