"""Signed checkpoints of each chain's head, in the Checkpoint table and an append-only file.

A checkpoint says "chain C had S sealed events, the last with link L, at time T", signed with
the audit key. The file per chain in AUDIT_CHECKPOINT_DIR (JSON lines, only ever appended) is
meant to be shipped off the machine, so that an attacker who controls the database cannot take
back what the log already held. Verification uses every correctly signed checkpoint from both.
"""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from stegvis.audit.chain import UnknownKey, checkpoint_signature, current_key_id
from stegvis.audit.models import Checkpoint


@dataclass(frozen=True)
class Mark:
    """One checkpoint as written and read, whichever place it came from."""

    chain: int
    kind: str
    sequence: int
    link: str
    event_id: int | None
    created_at: str
    key_id: str
    signature: str = ""

    def signed_values(self) -> dict:
        values = asdict(self)
        values.pop("signature")
        return values


def directory() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def path_for(chain: int) -> Path:
    return directory() / f"chain-{chain}.jsonl"


def write(chain: int, *, kind: str, sequence: int, link: str, event_id: int | None) -> Mark:
    """Sign the head and store it: the table row now, the file line once the batch commits.

    The file is written after commit so it never claims a head that was rolled back.
    """
    key_id = current_key_id()
    mark = Mark(chain, kind, sequence, link, event_id, timezone.now().isoformat(), key_id)
    mark = Mark(**{**asdict(mark), "signature": checkpoint_signature(mark.signed_values(), key_id)})
    Checkpoint.objects.create(
        chain=chain,
        kind=kind,
        sequence=sequence,
        link=link,
        event_id=event_id,
        created_at=parse_datetime(mark.created_at),
        key_id=key_id,
        signature=mark.signature,
    )
    transaction.on_commit(lambda: append_to_file(mark))
    return mark


def append_to_file(mark: Mark) -> None:
    path = path_for(mark.chain)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(mark), sort_keys=True, separators=(",", ":")) + "\n"
    # One write on a file opened for appending: lines never interleave, nothing is rewritten.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _from_table(chain: int) -> list[Mark]:
    return [
        Mark(
            row.chain,
            row.kind,
            row.sequence,
            row.link,
            row.event_id,
            row.created_at.isoformat(),
            row.key_id,
            row.signature,
        )
        for row in Checkpoint.objects.filter(chain=chain).order_by("id")
    ]


def _from_file(chain: int) -> tuple[list[Mark], list[str]]:
    path = path_for(chain)
    if not path.exists():
        return [], []
    marks, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            marks.append(Mark(**json.loads(line)))
        except (ValueError, TypeError):
            problems.append(f"{path.name} line {number} is not a checkpoint")
    return marks, problems


def load(chain: int) -> tuple[list[Mark], list[str]]:
    """Every correctly signed checkpoint of `chain` (file and table), and what was wrong."""
    from_file, problems = _from_file(chain)
    marks, seen = [], set()
    for mark in from_file + _from_table(chain):
        if mark in seen:
            continue
        seen.add(mark)
        try:
            expected = checkpoint_signature(mark.signed_values(), mark.key_id)
        except UnknownKey as error:
            problems.append(
                f"chain {chain}: a checkpoint of {mark.created_at} is signed with key id "
                f"{error.key_id!r}, which is not known"
            )
            continue
        if expected != mark.signature or mark.chain != chain:
            problems.append(
                f"chain {chain}: the checkpoint of {mark.created_at} (sequence {mark.sequence}) "
                "has a wrong signature (forged or damaged)"
            )
            continue
        marks.append(mark)
    return marks, problems


def chains_on_record() -> set[int]:
    """Chains that have checkpoints, in the table or as files."""
    chains = set(Checkpoint.objects.values_list("chain", flat=True).distinct().order_by())
    if directory().is_dir():
        for path in directory().glob("chain-*.jsonl"):
            number = path.stem.removeprefix("chain-")
            if number.isdigit():
                chains.add(int(number))
    return chains
