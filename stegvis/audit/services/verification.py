"""`audit verify`: every chain against the key and the signed checkpoints (ADR 0007).

Finds, per chain: the first changed, removed, inserted or forged event (its link does not match
without the key), an event sealed with an unknown key id, a tail cut off after the newest
checkpoint, a chain missing while its checkpoints exist, and a chain rewritten past a
checkpoint. Counts the events not yet sealed. Finds citizens of list reads whose time is not
their event's: the link covers who was shown, not the copied time, and the time places the row
in its month and in the review's order.
"""

from dataclasses import dataclass, field

from django.db.models import F

from stegvis.audit import chain as keyed
from stegvis.audit import checkpoints, subjects
from stegvis.audit.checkpoints import Mark
from stegvis.audit.models import AccessEvent, AccessEventSubject, Checkpoint
from stegvis.organisation.models import CareProvider


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    verified: int = 0
    chains: int = 0
    unsealed: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems


def _name(chain: int, providers: dict[int, str]) -> str:
    code = providers.get(chain)
    return f"chain {chain} (provider {code})" if code else f"chain {chain}"


def _sealed_events(chain: int):
    """The chain's sealed events in sequence order, compact reads with their subjects."""
    events = (
        AccessEvent.objects.filter(chain=chain, sequence__isnull=False)
        .order_by("sequence")
        .iterator(chunk_size=2000)
    )
    return subjects.attached(events, chunk_size=2000)


def _tail_problem(name: str, walked: keyed.Walk, newest: Mark) -> str | None:
    if walked.sequence >= newest.sequence:
        return None
    if walked.count == 0:
        return (
            f"{name} is missing: the checkpoint of {newest.created_at} covers "
            f"{newest.sequence} events, but none are in the database"
        )
    return (
        f"{name} is cut off: it ends at sequence {walked.sequence}, but the checkpoint of "
        f"{newest.created_at} covers up to sequence {newest.sequence} (event {newest.event_id}); "
        f"events {walked.sequence + 1} to {newest.sequence} are missing"
    )


def _checkpoint_problem(name: str, walked: keyed.Walk, heads: list[Mark]) -> str | None:
    for mark in sorted(heads, key=lambda m: m.sequence):
        seen = walked.seen.get(mark.sequence)
        if seen is not None and seen[0] != mark.link:
            return (
                f"The access log is broken at event {seen[1]} ({name}, sequence "
                f"{mark.sequence}): it does not match the checkpoint of {mark.created_at}; the "
                "events from there on do not link to what was checkpointed (rewritten)"
            )
    return None


def verify_chain(chain: int, name: str) -> tuple[int, list[str]]:
    """Verify one chain; return how many events verified and what is wrong."""
    marks, problems = checkpoints.load(chain)
    bases = [m for m in marks if m.kind == Checkpoint.Kind.BASE]
    base = max(bases, key=lambda m: m.sequence, default=None)
    start = (base.sequence, base.link) if base else (0, keyed.GENESIS)
    heads = [m for m in marks if m.kind == Checkpoint.Kind.HEAD and m.sequence > start[0]]
    walked, broken = keyed.walk(
        _sealed_events(chain),
        start_sequence=start[0],
        start_link=start[1],
        watch=frozenset(m.sequence for m in heads),
    )
    if broken is not None:
        problems.append(
            f"The access log is broken at event {broken.event_id} ({name}, sequence "
            f"{broken.sequence}): {broken.reason}."
        )
        return walked.count, problems
    newest = max(heads, key=lambda m: m.sequence, default=None)
    for problem in (
        _tail_problem(name, walked, newest) if newest else None,
        _checkpoint_problem(name, walked, heads),
    ):
        if problem:
            problems.append(problem)
    return walked.count, problems


def _misdated_subjects() -> str | None:
    misdated = AccessEventSubject.objects.exclude(occurred_at=F("event__occurred_at"))
    count = misdated.count()
    if not count:
        return None
    first = misdated.order_by("event_id").values_list("event_id", flat=True).first()
    return (
        f"{count} citizen(s) shown in list reads carry a time other than their event's "
        f"(first in event {first}): changed after recording; the log review would place them "
        "in another month and order"
    )


def verify_log() -> Report:
    report = Report()
    chains = set(
        AccessEvent.objects.filter(sequence__isnull=False)
        .order_by("chain")
        .values_list("chain", flat=True)
        .distinct()
    )
    chains |= checkpoints.chains_on_record()
    providers = dict(CareProvider.objects.filter(pk__in=chains).values_list("pk", "code"))
    for chain in sorted(chains):
        verified, problems = verify_chain(chain, _name(chain, providers))
        report.verified += verified
        report.problems += problems
    report.chains = len(chains)
    if problem := _misdated_subjects():
        report.problems.append(problem)
    report.unsealed = AccessEvent.objects.filter(sequence__isnull=True).count()
    return report
