"""Retention: archiving a chain's oldest events with a signed base keeps the rest verifiable."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from stegvis.audit.models import AccessEvent, Checkpoint
from tests.audit.conftest import tamper


def _verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


@pytest.fixture
def archived(world, read, seal, tmp_path, django_capture_on_commit_callbacks):
    old = timezone.now() - timedelta(days=10)
    olds = [read(when=old) for _ in range(3)]
    news = [read() for _ in range(2)]
    seal()
    out = tmp_path / "archive.jsonl"
    before = (timezone.localdate() - timedelta(days=5)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "audit",
            "archive",
            "--provider",
            world.provider.code,
            "--before",
            before,
            "--out",
            str(out),
            stdout=StringIO(),
        )
    return olds, news, out


def test_archiving_moves_the_old_events_and_the_rest_still_verifies(archived):
    olds, _, out = archived
    assert not AccessEvent.objects.filter(pk__in=[e.pk for e in olds]).exists()
    assert Checkpoint.objects.get(kind="base").sequence == 3
    assert "2 events verified" in _verify()
    result = StringIO()
    call_command("audit", "verify-archive", str(out), stdout=result)
    assert "3 events verified" in result.getvalue()


def test_a_changed_archive_is_found(archived):
    _, _, out = archived
    lines = out.read_text().splitlines()
    event = json.loads(lines[2])
    lines[2] = json.dumps({**event, "action": "x"})
    out.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError, match=f"event {event['id']} "):
        call_command("audit", "verify-archive", str(out))


def test_deleting_the_oldest_remaining_event_is_still_found(archived):
    _, news, _ = archived
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [news[0].pk])
    with pytest.raises(CommandError, match=f"event {news[1].pk} .*expected sequence 4"):
        _verify()


def test_an_unknown_provider_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No care provider"):
        call_command(
            "audit",
            "archive",
            "--provider",
            "nope",
            "--before",
            "2026-01-01",
            "--out",
            str(tmp_path / "a.jsonl"),
        )
