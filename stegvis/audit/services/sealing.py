"""The sealer: links unsealed access events into their provider's keyed chain (ADR 0007).

Requests only insert events; this runs in the worker (the `seal_access_log` task, enqueued on
commit and by the scheduler) or from `manage.py audit seal`. Per chain and batch it takes a
lock only sealers use, reads the head, links up to `batch_size` events in id order in memory
(compact list reads with their subjects, read in one query per batch),
writes them with one bulk update and signs a checkpoint of the new head.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from stegvis.audit import chain as keyed
from stegvis.audit import checkpoints, subjects
from stegvis.audit.models import AccessEvent, Checkpoint

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
_UPDATE_BATCH = 500  # rows per UPDATE statement (SQLite's bound on query parameters)
_LOCK_NAMESPACE = 0x5E7  # pg advisory locks: (namespace, chain), held only by sealers


class ChainTruncated(Exception):
    """The chain's head is behind its newest checkpoint: events were deleted. Seal nothing."""


def try_lock_chain(chain: int) -> bool:
    """Lock `chain` for this transaction, or say another sealer has it (then skip it).

    PostgreSQL: a transaction-scoped advisory lock that requests never take. SQLite serialises
    writers itself, and the unique (chain, sequence) constraint refuses a second link anyway.
    """
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, chain % 2**31])
        return bool(cursor.fetchone()[0])


def head(chain: int) -> tuple[int, str, int | None]:
    """(sequence, link, event id) of the chain's last sealed event, else of its base."""
    last = (
        AccessEvent.objects.filter(chain=chain, sequence__isnull=False)
        .order_by("-sequence")
        .values_list("sequence", "hash", "id")
        .first()
    )
    if last is not None:
        return last
    base = (
        Checkpoint.objects.filter(chain=chain, kind=Checkpoint.Kind.BASE)
        .order_by("-sequence")
        .values_list("sequence", "link", "event_id")
        .first()
    )
    return base if base is not None else (0, keyed.GENESIS, None)


def _refuse_if_truncated(chain: int, sequence: int) -> None:
    newest = Checkpoint.objects.filter(chain=chain).aggregate(s=Max("sequence"))["s"] or 0
    if newest > sequence:
        raise ChainTruncated(
            f"chain {chain} ends at sequence {sequence} but a checkpoint covers {newest}"
        )


def _write_seals(events: list[AccessEvent]) -> None:
    """Store the seal columns: on PostgreSQL one UPDATE ... FROM (VALUES ...) per 1,000 rows
    (bulk_update's CASE per row grows with the batch), elsewhere Django's bulk_update.
    """
    if connection.vendor != "postgresql":
        AccessEvent.objects.bulk_update(events, keyed.SEAL_FIELDS, batch_size=_UPDATE_BATCH)
        return
    with connection.cursor() as cursor:
        for start in range(0, len(events), 1000):
            rows = events[start : start + 1000]
            row = "(%s::bigint, %s::timestamptz, %s::bigint, %s, %s, %s)"
            values = ", ".join([row] * len(rows))
            # The time too: it finds each event's month partition without probing the others.
            cursor.execute(
                "UPDATE audit_accessevent AS e SET sequence = v.sequence, "
                "prev_hash = v.prev_hash, hash = v.hash, key_id = v.key_id "
                f"FROM (VALUES {values}) AS v(id, occurred_at, sequence, prev_hash, hash, key_id) "
                "WHERE e.id = v.id AND e.occurred_at = v.occurred_at AND e.sequence IS NULL",
                [
                    x
                    for e in rows
                    for x in (e.pk, e.occurred_at, e.sequence, e.prev_hash, e.hash, e.key_id)
                ],
            )
            if cursor.rowcount != len(rows):
                raise RuntimeError("An event was sealed by someone else; batch rolled back.")


def _seal_batch(chain: int, batch_size: int) -> int | None:
    """Seal one batch of `chain`; None when another sealer holds the chain."""
    with transaction.atomic():
        if not try_lock_chain(chain):
            return None
        events = list(
            AccessEvent.objects.filter(chain=chain, sequence__isnull=True).order_by("id")[
                :batch_size
            ]
        )
        if not events:
            return 0
        subjects.attach(events)  # one query for the batch's compact reads, if any
        sequence, link, _ = head(chain)
        _refuse_if_truncated(chain, sequence)
        sealed = list(keyed.seal(events, sequence, link))
        _write_seals(sealed)
        last = sealed[-1]
        checkpoints.write(
            chain,
            kind=Checkpoint.Kind.HEAD,
            sequence=last.sequence,
            link=last.hash,
            event_id=last.pk,
        )
    return len(sealed)


def seal_chain(chain: int, *, batch_size: int = BATCH_SIZE) -> int:
    """Seal every unsealed event of `chain`, batch by batch; return how many."""
    total = 0
    while True:
        try:
            sealed = _seal_batch(chain, batch_size)
        except ChainTruncated as error:
            # Sealing on would hide nothing (the checkpoint stays) but would muddle the report.
            logger.error("Access log not sealed: %s. Run `manage.py audit verify`.", error)
            return total
        if not sealed:
            return total
        total += sealed
        if sealed < batch_size:
            return total


def chains_to_seal() -> list[int]:
    return list(
        AccessEvent.objects.filter(sequence__isnull=True)
        .order_by("chain")
        .values_list("chain", flat=True)
        .distinct()
    )


def seal_pending(*, batch_size: int = BATCH_SIZE) -> int:
    """Seal every chain's unsealed events. Safe to run in several processes at once."""
    return sum(seal_chain(chain, batch_size=batch_size) for chain in chains_to_seal())


def checkpoint_heads(*, older_than: timedelta | None = None) -> int:
    """Sign a fresh checkpoint of each chain whose newest one is older than `older_than`.

    The regular checkpoint dates the head even when nothing new was sealed, so a later cut is
    caught against a recent, shipped statement. With no age given, every chain gets one.
    """
    if older_than is None:
        older_than = timedelta(seconds=settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS)
    cutoff = timezone.now() - older_than
    newest = Checkpoint.objects.values("chain").annotate(at=Max("created_at")).order_by()
    written = 0
    for row in newest:
        if row["at"] > cutoff:
            continue
        with transaction.atomic():
            if not try_lock_chain(row["chain"]):
                continue
            sequence, link, event_id = head(row["chain"])
            try:
                _refuse_if_truncated(row["chain"], sequence)
            except ChainTruncated:
                continue  # never sign a cut-off head; `audit verify` reports the truncation
            checkpoints.write(
                row["chain"],
                kind=Checkpoint.Kind.HEAD,
                sequence=sequence,
                link=link,
                event_id=event_id,
            )
            written += 1
    return written
