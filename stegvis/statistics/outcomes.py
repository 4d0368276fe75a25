"""Treatment outcomes: per instrument of a program, the change from pre to post.

Pre is an enrollment's first completed score on the instrument, post its latest (for a
closed enrollment, the end-of-treatment score); an enrollment with one score has a pre and no
post, and counts as missing. Training enrollments (`Enrollment.is_training`, a training citizen
or a training responsible practitioner) never count. Figures for fewer than five pairs are not
shown, nor counts of 1–4. Read in a fixed number of queries: the enrollments per unit, the
scores, the releases (and the units' names for a breakdown).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.fields.json import KeyTextTransform

from stegvis.care.models import Enrollment, QuestionnaireResponse
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.parsed import release_document
from stegvis.db_replica import from_replica
from stegvis.instruments.change import change_of, reliable_change_points
from stegvis.instruments.eq5d import DEFAULT_VALUE_SET, index_value
from stegvis.instruments.schema import Change
from stegvis.organisation.models import CareProvider, CareUnit
from stegvis.statistics.outcomes_maths import Summary, summarise
from stegvis.statistics.summaries.reads import first_and_last

SMALL = 5  # counts 1–4 are shown as "< 5"
SCORE_PARTS = ("total", "index", "vas", "profile")  # the order `_value` takes them in
TOTAL, INDEX, VAS = "total", "index", "vas"


@dataclass(frozen=True)
class Selection:
    """Which enrollments count: a provider's program at some units, maybe a version and period.

    The period is the enrollment's start date (inclusive at both ends).
    """

    provider: CareProvider
    program_key: str
    unit_ids: tuple[int, ...]
    version: tuple[int, int] | None = None
    started_from: dt.date | None = None
    started_to: dt.date | None = None
    instrument: str | None = None


@dataclass
class MeasureOutcome:
    instrument: str
    measure: str  # TOTAL, INDEX (EQ-5D-5L index, Swedish value set) or VAS
    title: str
    enrollments: int  # enrollments in the selection
    with_pre: int = 0
    with_pre_and_post: int = 0
    change: Change | None = None
    summary: Summary | None = None
    group: str = ""  # the unit's name, in a breakdown
    units: list[MeasureOutcome] = field(default_factory=list)

    @property
    def missing_post(self) -> int:
        return self.with_pre - self.with_pre_and_post

    @property
    def suppressed(self) -> bool:
        return self.with_pre_and_post < SMALL

    @property
    def lower_is_better(self) -> bool:
        return self.change.lower_is_better if self.change else self.measure == TOTAL

    @property
    def reliable_points(self) -> float | None:
        return reliable_change_points(self.change) if self.change else None


def small(count: int | None) -> int | str | None:
    """A count as shown: 1–4 become "< 5" (0 and None stay)."""
    return "< 5" if count is not None and 0 < count < SMALL else count


def share(count: int | None, of: int | None) -> float | None:
    """count / of, or None when either is unknown, `of` is 0 or the count is suppressed."""
    if count is None or not of or 0 < count < SMALL:
        return None
    return count / of


def enrollments(selection: Selection):
    """The enrollments that count: never training data (enrollment, citizen or practitioner)."""
    found = Enrollment.objects.filter(
        unit__provider=selection.provider,
        unit_id__in=selection.unit_ids,
        release__program_key=selection.program_key,
        is_training=False,
        citizen__is_training=False,
    ).exclude(practitioner__is_training=True)
    if selection.version:
        found = found.filter(
            release__major=selection.version[0], release__minor=selection.version[1]
        )
    if selection.started_from:
        found = found.filter(start_date__gte=selection.started_from)
    if selection.started_to:
        found = found.filter(start_date__lte=selection.started_to)
    return found


def programs_of(provider: CareProvider, unit_ids) -> list[tuple[str, str]]:
    """(key, name) of the programs with enrollments at the units, and their versions' names."""
    found = (
        ProgramRelease.objects.filter(
            enrollments__unit__provider=provider, enrollments__unit_id__in=unit_ids
        )
        .values_list("program_key", "name")
        .order_by("program_key", "-major", "-minor")
        .distinct()
    )
    names: dict[str, str] = {}
    for key, name in found:
        names.setdefault(key, name)
    return list(names.items())


def versions_of(provider: CareProvider, unit_ids, program_key: str) -> list[tuple[int, int]]:
    """The program's versions with enrollments at the units, newest first."""
    return list(
        ProgramRelease.objects.filter(
            program_key=program_key,
            enrollments__unit__provider=provider,
            enrollments__unit_id__in=unit_ids,
        )
        .values_list("major", "minor")
        .order_by("-major", "-minor")
        .distinct()
    )


# SQLite gives a JSON null, true or false as these words (Django's KeyTextTransform).
_NOT_A_VALUE = {None, "null", "true", "false"}


def _number(raw) -> int | float | None:
    """A score's number as the database gives it: text on PostgreSQL (`->>`), a number on
    SQLite; anything else (null, a JSON boolean) is no number."""
    if isinstance(raw, bool) or raw in _NOT_A_VALUE:
        return None
    if isinstance(raw, int | float):
        return raw
    try:
        return int(raw)
    except ValueError:
        try:
            return float(raw)
        except ValueError:
            return None


def _value(measure: str, total, index, vas, profile):
    if measure == TOTAL:
        return _number(total)
    if measure == VAS:
        return _number(vas)
    if profile not in _NOT_A_VALUE and profile != "":
        # The project's value set, whichever one the score was stored with.
        return index_value(str(profile), DEFAULT_VALUE_SET)
    return _number(index)


def score_rows(responses):
    """(enrollment, release, unit, questionnaire, *score parts) of `responses`, in order.

    The order (enrollment, completed_at, pk) is what makes the first row pre and the last post.
    """
    # The score's parts as text, not JSON: decoding four JSON values a row was most of the
    # page's time on a large selection (docs/statistics.md, "Scale").
    parts = {f"_{name}": KeyTextTransform(name, "score") for name in SCORE_PARTS}
    return (
        responses.annotate(**parts)
        .order_by("enrollment_id", "completed_at", "pk")
        .values_list(
            "enrollment_id",
            "enrollment__release_id",
            "enrollment__unit_id",
            "questionnaire_key",
            *parts,
        )
    )


def reduce_scores(rows) -> tuple[dict, dict]:
    """{(instrument, measure): {enrollment: [first, last, count, unit]}}, {instrument: release}.

    Shared by the live read and the summaries' refresh (stegvis/statistics/summaries/), so
    both keep the same first and last.
    """
    found: dict[tuple[str, str], dict[int, list]] = {}
    releases: dict[str, int] = {}
    for enrollment_id, release_id, unit_id, key, *score in rows:
        releases[key] = max(releases.get(key, 0), release_id)
        for measure in (TOTAL, INDEX, VAS):
            value = _value(measure, *score)
            if value is None:
                continue
            kept = found.setdefault((key, measure), {}).get(enrollment_id)
            if kept is None:
                found[(key, measure)][enrollment_id] = [value, value, 1, unit_id]
            else:
                kept[1], kept[2] = value, kept[2] + 1
    return found, releases


def _first_and_last(selection: Selection) -> tuple[dict, dict]:
    """The live read: every completed response of the selection, reduced in Python."""
    responses = QuestionnaireResponse.objects.filter(
        enrollment__in=enrollments(selection), completed_at__isnull=False
    )
    if selection.instrument:
        responses = responses.filter(questionnaire_key=selection.instrument)
    found, releases = reduce_scores(score_rows(responses).iterator(chunk_size=2000))
    return {measure: list(kept.values()) for measure, kept in found.items()}, releases


@from_replica
def outcomes(
    selection: Selection, *, by_unit: bool = False, live: bool = False
) -> list[MeasureOutcome]:
    """One outcome per instrument (and EQ-5D-5L measure) answered in the selection.

    With `by_unit`, each outcome also holds one per unit (`units`), from the same reads. The
    first and last scores come from the summaries (`OutcomeScore`), or with `live` from every
    response (the summaries' equivalence test compares the two).
    """
    per_unit = dict(
        enrollments(selection).order_by().values_list("unit_id").annotate(n=Count("pk"))
    )
    if live:
        found, release_of = _first_and_last(selection)
    else:
        found, release_of = first_and_last(selection)
    releases = {r.pk: r for r in ProgramRelease.objects.filter(pk__in=set(release_of.values()))}
    names = (
        dict(CareUnit.objects.filter(pk__in=per_unit).values_list("pk", "name")) if by_unit else {}
    )
    results = []
    for (key, measure), kept_rows in sorted(found.items()):
        document = release_document(releases[release_of[key]])
        definition = (
            document.questionnaire_definition(key) if key in document.questionnaires else None
        )
        change = change_of(definition) if measure == TOTAL else None
        head = (key, measure, document.questionnaire_title(key), change)
        result = _outcome(head, sum(per_unit.values()), kept_rows)
        at_unit: dict[int, list] = defaultdict(list)
        for kept in kept_rows if names else ():
            at_unit[kept[3]].append(kept)
        for unit_id, name in sorted(names.items(), key=lambda item: item[1]):
            result.units.append(_outcome(head, per_unit[unit_id], at_unit[unit_id], group=name))
        results.append(result)
    return results


def _outcome(head: tuple, count: int, kept: list[list], group: str = "") -> MeasureOutcome:
    key, measure, title, change = head
    pairs = [(first, last) for first, last, n, _unit in kept if n > 1]
    result = MeasureOutcome(
        instrument=key,
        measure=measure,
        title=title,
        enrollments=count,
        with_pre=len(kept),
        with_pre_and_post=len(pairs),
        change=change,
        group=group,
    )
    if not result.suppressed:
        result.summary = summarise(pairs, change)
    return result
