"""loadscale's fast paths write what the slow ones would: template links, overlapped batches."""

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from stegvis.audit import chain as keyed
from stegvis.audit.models import AccessEvent, AccessEventSubject
from stegvis.audit.recording import record_read
from stegvis.audit.services.sealing import seal_pending
from stegvis.audit.services.verification import verify_log
from stegvis.loadscale import generate, pipeline
from stegvis.loadscale.builder import EnrollmentBuilder
from stegvis.loadscale.canonical import canonical
from stegvis.loadscale.context import Ids, new_rows
from stegvis.loadscale.generate import Request, build_context, find_or_start_run
from stegvis.loadscale.models import GeneratedBatch
from stegvis.loadscale.pipeline import build_batch
from stegvis.loadscale.sealing import seal_events
from stegvis.loadscale.writer import ORDER
from stegvis.organisation.models import CareUnit, User

ANCHOR = "2026-11-30"


def loadscale(tmp_path, enrollments: int, *extra: str) -> dict:
    manifest = tmp_path / "manifest.json"
    call_command(
        "loadscale", f"--enrollments={enrollments}", "--batch=10", "--units=4",
        f"--anchor={ANCHOR}", f"--manifest={manifest}", "--no-progress", *extra,
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    return json.loads(manifest.read_text())


def test_the_template_links_every_event_as_the_audit_app_does(db, tmp_path):
    loadscale(tmp_path, 10)
    context, _region = build_context(find_or_start_run(Request(10, units=4, batch_size=10)))
    ids, rows, events = Ids(), new_rows(), []
    for index in range(10, 40):
        EnrollmentBuilder(context, ids, rows, events, index).build()
    sealed = seal_events(events, ids, {})
    linked = [event for chained in sealed.by_chain.values() for event in chained]
    assert any(e.subject_count for e in linked) and any(e.actor_id is None for e in linked)
    for event in linked:
        assert canonical(event) == keyed.canonical(keyed.event_values(event))
        assert keyed.link(event, event.prev_hash) == event.hash


def _fingerprint() -> dict:
    """Every generated row except the parts made at run time (password salt, release events)."""
    out = {}
    for model in ORDER:
        rows = model.objects.order_by("pk")
        if model is AccessEvent:
            rows = rows.exclude(enrollment_id=None, subject_count=None)
            out[model] = list(rows.values_list("id", "occurred_at", "action", "actor_id",
                                               "citizen_id", "chain", "sequence"))  # fmt: skip
        elif model is AccessEventSubject:
            out[model] = list(rows.values_list("event_id", "citizen_id", "enrollment_id"))
        else:
            if model is User:  # the staff and their times are made at run time
                rows = rows.filter(kind=User.Kind.CITIZEN)
            fields = [f.attname for f in model._meta.concrete_fields if f.name != "password"]
            out[model] = list(rows.values_list(*fields))
    return out


@pytest.mark.django_db(transaction=True)
def test_overlapped_batches_are_the_rows_written_one_at_a_time(tmp_path, settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("The writer thread runs on PostgreSQL only.")
    writers = []

    def write_batch(*args):
        writers.append(threading.current_thread().name)
        return pipeline.write_batch(*args)

    monkeypatch.setattr(generate, "write_batch", write_batch)
    call_command("flush", interactive=False, verbosity=0)  # both runs' ids start at 1
    loadscale(tmp_path, 30)  # outside a transaction: the writer thread inserts the batches
    assert writers == ["loadscale-writer"] * 3
    assert GeneratedBatch.objects.count() == 3
    report = verify_log()
    assert report.intact and report.unsealed == 0, report.problems
    overlapped = _fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "second-run-checkpoints"
    loadscale(tmp_path, 30, "--no-overlap")
    assert writers[3:] == [threading.main_thread().name] * 3
    report = verify_log()
    assert report.intact and report.unsealed == 0, report.problems
    assert _fingerprint() == overlapped


def test_a_batch_follows_a_chain_head_that_moved_after_it_was_linked(db, tmp_path):
    loadscale(tmp_path, 10)
    run = find_or_start_run(Request(20, units=4, batch_size=10))
    context, _region = build_context(run)
    unit = CareUnit.objects.get(pk=context.units[0].id)
    staff = User.objects.filter(kind=User.Kind.STAFF).first()
    moved = record_read(actor=staff, action="enrollment.view", unit=unit)  # not sealed yet
    batch = build_batch(context, 1, 10, 10, Ids(), {})
    seal_pending()  # the sealer links it: the head the batch was linked onto has moved
    pipeline.write_batch(context, run, batch)
    report = verify_log()
    assert report.intact and report.unsealed == 0, report.problems
    assert GeneratedBatch.objects.count() == 2
    moved.refresh_from_db()
    follower = AccessEvent.objects.get(prev_hash=moved.hash)  # linked again onto the new head
    assert follower.id in {e.id for e in batch.sealed.by_chain[moved.chain]}
