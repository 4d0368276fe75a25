"""Retention: move a chain's oldest events to a file, leaving a signed base checkpoint (ADR 0007).

The remaining chain verifies from the base (its sequence and link) instead of from the start,
and the archive file verifies on its own with the same key. Because the base is signed, nobody
without the key can pass off deleted events as archived ones.
"""

import json
import os
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from django.db import DatabaseError, connection, transaction

from stegvis.audit import chain as keyed
from stegvis.audit import checkpoints, partitions, subjects
from stegvis.audit.models import AccessEvent, AccessEventSubject, Checkpoint
from stegvis.audit.services import sealing, verification
from stegvis.organisation.models import CareProvider

FORMAT = "stegvis-audit-archive-v1"


class ArchiveError(Exception):
    """The archive was not made; the message says why (nothing was deleted)."""


def _prefix(chain: int, after: int, before: datetime) -> list[AccessEvent]:
    """The sealed events after the base that all occurred before `before`, oldest first.

    Compact list reads come with their subjects: the file holds them, and the link covers them.
    """
    events = []
    queryset = AccessEvent.objects.filter(chain=chain, sequence__gt=after).order_by("sequence")
    for event in subjects.attached(queryset.iterator(chunk_size=2000)):
        if event.occurred_at >= before:
            break
        events.append(event)
    return events


def _line(values: dict) -> bytes:
    return (keyed.canonical(values).decode() + "\n").encode()


def _write_file(out: Path, header: dict, events: list[AccessEvent], base: checkpoints.Mark):
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    try:
        os.write(fd, _line(header))
        for event in events:
            values = keyed.event_values(event)
            os.write(fd, _line({**values, "prev_hash": event.prev_hash, "hash": event.hash}))
        os.write(fd, _line({"base": base.__dict__}))
        os.fsync(fd)
    finally:
        os.close(fd)


_TRIGGERS = (
    ("audit_accesseventsubject", "audit_accesseventsubject_append_only"),
    ("audit_accessevent", "audit_accessevent_append_only"),
)


def _delete(chain: int, through: int) -> None:
    """Delete the archived events and their subjects (the subjects first: they point at them)."""
    events = AccessEvent.objects.filter(chain=chain, sequence__lte=through)
    shown = AccessEventSubject.objects.filter(event__in=events)
    if connection.vendor != "postgresql":
        shown.delete()
        events.delete()
        return
    # Only the table's owner may switch the trigger off, and only for this transaction.
    with connection.cursor() as cursor:
        # ALTER TABLE refuses while deferred foreign-key checks are queued: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in _TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        shown.delete()
        events.delete()
        for table, trigger in _TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def archive(provider: CareProvider, before: datetime, out: Path) -> int:
    """Archive `provider`'s sealed events older than `before` to `out`; return how many."""
    chain = provider.pk
    if out.exists():
        raise ArchiveError(f"{out} exists already; choose a new file.")
    with transaction.atomic():
        if not sealing.try_lock_chain(chain):
            raise ArchiveError("The sealer is working on this provider's chain; try again.")
        _, problems = verification.verify_chain(chain, f"provider {provider.code}")
        if problems:
            raise ArchiveError(
                "The chain does not verify; nothing archived:\n" + "\n".join(problems)
            )
        base = (
            Checkpoint.objects.filter(chain=chain, kind=Checkpoint.Kind.BASE)
            .order_by("-sequence")
            .first()
        )
        after = base.sequence if base else 0
        events = _prefix(chain, after, before)
        if not events:
            return 0
        last = events[-1]
        header = {
            "format": FORMAT,
            "chain": chain,
            "provider": provider.code,
            "start_sequence": after,
            "start_link": base.link if base else keyed.GENESIS,
        }
        mark = checkpoints.write(
            chain,
            kind=Checkpoint.Kind.BASE,
            sequence=last.sequence,
            link=last.hash,
            event_id=last.pk,
        )
        _write_file(out, header, events, mark)
        try:
            if partitions.is_partitioned():
                # Whole months whose every event is archived (this chain's and the others')
                # go at once; what is left of this chain's prefix is deleted row by row.
                partitions.drop_archived(before)
            _delete(chain, last.sequence)
        except DatabaseError as error:
            out.unlink()
            raise ArchiveError(f"Run the archive as the table's owner: {error}") from None
    return len(events)


def verify_file(path: Path) -> tuple[int, list[str]]:
    """Verify an archive file on its own: its links and its signed base. Nothing is trusted."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        header, *rows, footer = (json.loads(line) for line in lines)
        base = checkpoints.Mark(**footer["base"])
        if header.get("format") != FORMAT:
            raise ValueError(header.get("format"))
    except (ValueError, TypeError, KeyError):
        return 0, [f"{path} is not an access log archive"]
    events = [SimpleNamespace(**row) for row in rows]
    walked, broken = keyed.walk(
        events, start_sequence=header["start_sequence"], start_link=header["start_link"]
    )
    if broken is not None:
        return walked.count, [
            f"The archive is broken at event {broken.event_id} (sequence {broken.sequence}): "
            f"{broken.reason}."
        ]
    try:
        signed = keyed.checkpoint_signature(base.signed_values(), base.key_id)
    except keyed.UnknownKey as error:
        return walked.count, [f"The archive's base is signed with unknown key id {error.key_id!r}."]
    if signed != base.signature or (base.sequence, base.link) != (walked.sequence, walked.link):
        return walked.count, ["The archive does not end at its signed base checkpoint."]
    return walked.count, []
