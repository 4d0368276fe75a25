"""The access log is a keyed chain per provider with signed checkpoints (ADR 0007).

Every attack of issue 12 is made here with database access only (no key), and `audit verify`
must name it; on the old unkeyed chain without checkpoints each of these verified as intact.
"""

import hashlib
import hmac
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stegvis.audit import chain as keyed
from stegvis.audit.models import AccessEvent, Checkpoint
from stegvis.audit.recording import record_read
from tests.audit.conftest import tamper
from tests.commands import run_command_line


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


def _stored(chain: int) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(chain=chain).order_by("sequence"))


def _verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_events_are_inserted_unsealed_and_sealed_per_provider(world, seal):
    first, second, _ = _events(world)
    foreign = _events(world, 1, unit=world.foreign_unit)[0]
    assert AccessEvent.objects.get(pk=first.pk).sequence is None
    assert seal() == 4
    first, second, foreign = (AccessEvent.objects.get(pk=e.pk) for e in (first, second, foreign))
    assert (first.chain, first.sequence, first.key_id) == (world.provider.pk, 1, "test-1")
    assert second.prev_hash == first.hash
    assert (foreign.chain, foreign.sequence) == (world.other_provider.pk, 1)


def test_an_intact_log_verifies_and_counts_the_unsealed(world, seal):
    _events(world, 5)
    seal()
    _events(world, 2)
    out = _verify()
    assert "5 events verified in 1 chains" in out
    assert "2 events are not yet sealed" in out


def test_an_empty_log_verifies(db):
    assert "0 events verified" in _verify()


def test_sealing_writes_a_signed_checkpoint_to_the_table_and_the_file(world, seal, settings):
    events = _events(world, 3)
    seal()
    row = Checkpoint.objects.get(chain=world.provider.pk)
    assert (row.sequence, row.event_id, row.key_id) == (3, events[-1].pk, "test-1")
    lines = (settings.AUDIT_CHECKPOINT_DIR / f"chain-{world.provider.pk}.jsonl").read_text()
    assert json.loads(lines.splitlines()[-1])["signature"] == row.signature


def test_a_changed_event_is_named(world, seal):
    events = _events(world, 4)
    seal()
    tamper("UPDATE audit_accessevent SET action = %s WHERE id = %s", ["x", events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[1].pk} .*changed or forged"):
        _verify()


def test_a_removed_event_inside_the_chain_is_found(world, seal):
    events = _events(world, 4)
    seal()
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[2].pk} .*missing or inserted"):
        _verify()


def test_deleting_the_newest_event_is_truncation(world, seal):
    events = _events(world, 4)
    seal()
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [events[-1].pk])
    with pytest.raises(CommandError, match=r"cut off: it ends at sequence 3.*events 4 to 4"):
        _verify()


def test_deleting_the_newest_fifty_is_truncation_even_without_the_table(world, seal):
    _events(world, 60)
    seal()
    newest = [e.pk for e in _stored(world.provider.pk)[-50:]]
    tamper(f"DELETE FROM audit_accessevent WHERE id IN ({','.join(map(str, newest))})", [])
    # The attacker also removes the checkpoints in the database: the shipped file remains.
    tamper("DELETE FROM audit_checkpoint", [])
    with pytest.raises(CommandError, match=r"ends at sequence 10.*events 11 to 60 are missing"):
        _verify()


def test_a_deleted_providers_whole_chain_is_missing(world, seal):
    _events(world, 3)
    _events(world, 2, unit=world.foreign_unit)
    seal()
    tamper("DELETE FROM audit_accessevent WHERE chain = %s", [world.other_provider.pk])
    with pytest.raises(CommandError, match=f"chain {world.other_provider.pk} .*is missing"):
        _verify()


def _forge_link(event: dict, prev: str, key: bytes) -> str:
    """What an attacker can compute: the public algorithm with a key they guess."""
    message = b"stegvis-audit-link-v1|" + prev.encode() + b"|" + keyed.canonical(event)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _row(pk: int) -> dict:
    event = AccessEvent.objects.get(pk=pk)
    return keyed.event_values(event)


def test_an_appended_forged_event_is_found(world, seal):
    # Framing a staff member: a read they never made, linked onto the head with a guessed key.
    _events(world, 3)
    seal()
    head = _stored(world.provider.pk)[-1]
    tamper(
        "INSERT INTO audit_accessevent (occurred_at, kind, action, actor_id, actor_hsa_id, "
        "actor_role, unit_id, provider_id, citizen_id, target_type, target_id, request_id, "
        "chain, sequence, prev_hash, hash, key_id) "
        "SELECT occurred_at, kind, 'enrollment.view', actor_id, actor_hsa_id, actor_role, "
        "unit_id, provider_id, citizen_id, target_type, target_id, request_id, chain, "
        "sequence + 1, hash, %s, key_id FROM audit_accessevent WHERE id = %s",
        [_forge_link(_row(head.pk), head.hash, b"guess"), head.pk],
    )
    forged = _stored(world.provider.pk)[-1]
    with pytest.raises(CommandError, match=f"event {forged.pk} .*changed or forged"):
        _verify()


@pytest.mark.parametrize("key", [b"guess", keyed.GENESIS.encode()])
def test_a_change_with_every_later_link_recomputed_without_the_key_is_found(world, seal, key):
    events = _events(world, 4)
    seal()
    tamper("UPDATE audit_accessevent SET action = %s WHERE id = %s", ["x", events[1].pk])
    prev = AccessEvent.objects.get(pk=events[0].pk).hash
    for event in _stored(world.provider.pk)[1:]:
        link = _forge_link(_row(event.pk), prev, key)
        tamper(
            "UPDATE audit_accessevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [prev, link, event.pk],
        )
        prev = link
    with pytest.raises(CommandError, match=f"event {events[1].pk} "):
        _verify()


def test_the_public_development_key_does_not_verify_a_real_key_s_chain(world, seal, settings):
    # The development key is in the repository: a chain forged with it must not pass.
    events = _events(world, 2)
    seal()
    dev_key = b"insecure-development-audit-key-never-used-in-production"
    first = AccessEvent.objects.get(pk=events[0].pk)
    tamper(
        "UPDATE audit_accessevent SET hash = %s WHERE id = %s",
        [_forge_link(_row(first.pk), keyed.GENESIS, dev_key), first.pk],
    )
    with pytest.raises(CommandError, match=f"event {first.pk} "):
        _verify()


def test_an_unknown_key_id_is_reported_without_a_traceback(world, seal, settings, capsys):
    events = _events(world, 2)
    seal()
    settings.AUDIT_HMAC_KEYS = {"test-2": "another"}
    settings.AUDIT_HMAC_KEY_ID = "test-2"
    with pytest.raises(SystemExit) as exit_info:
        run_command_line(["manage.py", "audit", "verify"])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert f"event {events[0].pk} " in err and "key id 'test-1'" in err
    assert "Traceback" not in err


def test_an_event_relabelled_to_an_unknown_key_id_is_reported(world, seal):
    events = _events(world, 2)
    seal()
    tamper("UPDATE audit_accessevent SET key_id = 'nowhere' WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[1].pk} .*'nowhere'"):
        _verify()


def test_keys_rotate_and_old_links_still_verify(world, seal, settings):
    _events(world, 2)
    seal()
    settings.AUDIT_HMAC_KEYS = {**settings.AUDIT_HMAC_KEYS, "test-2": "rotated-" + "r" * 40}
    settings.AUDIT_HMAC_KEY_ID = "test-2"
    _events(world, 2)
    seal()
    assert [e.key_id for e in _stored(world.provider.pk)] == ["test-1"] * 2 + ["test-2"] * 2
    assert "4 events verified" in _verify()


def test_a_chain_rewritten_past_a_checkpoint_is_found(world, seal):
    # Delete the newest events, let new ones be sealed in their place: the checkpoint of the
    # old head no longer matches the event now at its sequence.
    events = _events(world, 3)
    seal()
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [events[-1].pk])
    # The sealer refuses to continue a cut-off chain ...
    _events(world, 1)
    assert seal() == 0
    # ... and if the attacker removes the table's checkpoints so it would, the file remains.
    tamper("DELETE FROM audit_checkpoint", [])
    assert seal() == 1
    newest = _stored(world.provider.pk)[-1]
    with pytest.raises(CommandError, match=f"event {newest.pk} .*does not match the checkpoint"):
        _verify()


def test_a_forged_checkpoint_is_reported(world, seal, settings):
    _events(world, 2)
    seal()
    path = settings.AUDIT_CHECKPOINT_DIR / f"chain-{world.provider.pk}.jsonl"
    mark = json.loads(path.read_text().splitlines()[-1])
    path.write_text(path.read_text() + json.dumps({**mark, "sequence": 9}) + "\n")
    with pytest.raises(CommandError, match="wrong signature"):
        _verify()


def test_the_command_exits_non_zero_naming_the_event(world, seal, capsys):
    events = _events(world, 3)
    seal()
    tamper("UPDATE audit_accessevent SET citizen_id = NULL WHERE id = %s", [events[2].pk])
    with pytest.raises(SystemExit) as exit_info:
        run_command_line(["manage.py", "audit", "verify"])
    assert exit_info.value.code != 0
    assert f"event {events[2].pk} " in capsys.readouterr().err


def test_an_intact_log_exits_zero(world, seal):
    _events(world, 2)
    seal()
    run_command_line(["manage.py", "audit", "verify"])  # no SystemExit


def test_the_seal_command_seals_and_checkpoints(world, django_capture_on_commit_callbacks):
    _events(world, 2)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit", "seal", "--checkpoint", stdout=out)
    assert "Sealed 2 events" in out.getvalue()
    assert Checkpoint.objects.filter(chain=world.provider.pk).count() == 2


def test_recording_enqueues_one_seal_per_transaction(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _events(world, 3)
    assert [c.__name__ for c in callbacks].count("_enqueue_seal") == 1
    # The test backend runs the task at once: the events are sealed.
    assert not AccessEvent.objects.filter(sequence__isnull=True).exists()
