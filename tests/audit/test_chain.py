"""The access log is a hash chain per provider; `audit verify` finds any tampering."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from stegvis.audit.models import AccessEvent
from stegvis.audit.recording import record_read


def _events(world, n=3, unit=None):
    return [
        record_read(
            actor=world.practitioner,
            action="citizen.view",
            citizen=world.citizen,
            unit=unit or world.unit,
            role="practitioner",
        )
        for _ in range(n)
    ]


def _verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_events_are_chained_per_provider(world):
    first, second, _ = _events(world)
    foreign = _events(world, 1, unit=world.foreign_unit)[0]
    assert (first.chain, first.sequence) == (world.provider.pk, 1)
    assert second.prev_hash == first.hash
    assert (foreign.chain, foreign.sequence) == (world.other_provider.pk, 1)


def test_an_intact_log_verifies(world):
    _events(world, 5)
    assert "5 events verified" in _verify()


def test_an_empty_log_verifies(db):
    assert "0 events" in _verify()


def _tamper(sql: str, params: list) -> None:
    # Bypass the application (and, on PostgreSQL, the trigger) like an attacker with DB access.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch user triggers off for the session.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def test_a_changed_event_is_named(world):
    events = _events(world, 4)
    _tamper("UPDATE audit_accessevent SET action = %s WHERE id = %s", ["x", events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[1].pk} "):
        _verify()


def test_a_removed_event_is_found(world):
    events = _events(world, 4)
    _tamper("DELETE FROM audit_accessevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[2].pk} "):
        _verify()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_the_database_refuses_updates_and_deletes(world):
    from django.db import DatabaseError

    event = _events(world, 1)[0]
    for sql in (
        "UPDATE audit_accessevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_accessevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AccessEvent.objects.get().action == "citizen.view"


def test_the_command_exits_non_zero_naming_the_event(world, capsys):
    from django.core.management import execute_from_command_line

    events = _events(world, 3)
    _tamper("UPDATE audit_accessevent SET citizen_id = NULL WHERE id = %s", [events[2].pk])
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "audit", "verify"])
    assert exit_info.value.code != 0
    assert f"event {events[2].pk} " in capsys.readouterr().err


def test_an_intact_log_exits_zero(world):
    from django.core.management import execute_from_command_line

    _events(world, 2)
    execute_from_command_line(["manage.py", "audit", "verify"])  # no SystemExit


def test_a_rewritten_hash_breaks_the_next_link(world):
    # An attacker who recomputes the changed event's own hash still breaks the chain after it.
    from stegvis.audit.chain import event_digest

    events = _events(world, 3)
    forged = AccessEvent.objects.get(pk=events[1].pk)
    forged.action = "x"
    _tamper(
        "UPDATE audit_accessevent SET action = %s, hash = %s WHERE id = %s",
        ["x", event_digest(forged, forged.prev_hash), forged.pk],
    )
    with pytest.raises(CommandError, match=f"event {events[2].pk} .*previous event"):
        _verify()
