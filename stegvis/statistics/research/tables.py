"""The export's tables: their columns (with the codebook's words) and their rows, streamed.

Every column is declared once, with its type and meaning, so the codebook cannot miss one.
Rows come from `.iterator(chunk_size=...)`: memory stays the same however many there are.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from stegvis.care.models import Phase
from stegvis.instruments.schema import Definition
from stegvis.instruments.services import InstrumentNotFound, get_definition
from stegvis.statistics.research.pseudonyms import Pseudonymiser, age_band, sex
from stegvis.statistics.research.scope import Scope, enrollment_rows, response_rows

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    values: str = ""


ENROLLMENT_COLUMNS = (
    Column("enrollment", "string", "Pseudonym of the enrollment (this export only).", "e-…"),
    Column("citizen", "string", "Pseudonym of the citizen (this export only).", "p-…"),
    Column("unit_hsa_id", "string", "HSA-id of the care unit that runs the enrollment."),
    Column("program", "string", "Key of the program."),
    Column("program_version", "string", "Version of the program release (major.minor)."),
    Column(
        "phase",
        "category",
        "Phase on the export day.",
        "queued; treatment; maintenance; closed",
    ),
    Column(
        "outcome",
        "category",
        "How the enrollment ended: completed = closed after reaching the maintenance phase; "
        "closed_early = closed without reaching it; ongoing = not closed on the export day.",
        "ongoing; completed; closed_early",
    ),
    Column(
        "days_in_treatment",
        "integer",
        "Days from the start to the closing day, or to the export day if still open.",
        ">= 0",
    ),
    Column("modules_completed", "integer", "Modules of the program the citizen completed.", ">= 0"),
    Column("responses_completed", "integer", "Questionnaires the citizen completed.", ">= 0"),
    Column(
        "age_band",
        "category",
        "Age at the start, in bands (from the personnummer; the birth date is not exported).",
        "0-17; 18-24; 25-34; 35-44; 45-54; 55-64; 65-74; 75+; unknown",
    ),
    Column("sex", "category", "Legal sex as the personnummer gives it.", "female; male; unknown"),
)

RESPONSE_COLUMNS = (
    Column("response", "string", "Pseudonym of the questionnaire response.", "r-…"),
    Column("enrollment", "string", "Pseudonym of the enrollment (enrollments.csv).", "e-…"),
    Column("citizen", "string", "Pseudonym of the citizen.", "p-…"),
    Column("questionnaire", "string", "Key of the instrument, e.g. phq9, gad7."),
    Column("questionnaire_version", "string", "Version of the instrument's definition."),
    Column(
        "occasion",
        "string",
        "When in the program it was asked: the program's block key, or schedule:<when>:<n>.",
    ),
    Column(
        "days_since_start",
        "integer",
        "Days from the enrollment's start to the day the response was completed.",
        ">= 0",
    ),
    Column(
        "on_time",
        "category",
        "Whether it was completed by its due time; empty when it had none.",
        "yes; no; (empty)",
    ),
    Column("total_score", "number", "The instrument's total score; empty when not scorable."),
    Column("band", "string", "Code of the instrument's severity band for the total, if any."),
)

ITEM_COLUMNS = (
    Column("response", "string", "Pseudonym of the response (responses.csv).", "r-…"),
    Column("citizen", "string", "Pseudonym of the citizen.", "p-…"),
    Column("questionnaire", "string", "Key of the instrument."),
    Column("item", "string", "The item's linkId in the instrument's definition."),
    Column(
        "item_type",
        "category",
        "The item's answer type.",
        "choice; multichoice; integer; decimal; slider; text",
    ),
    Column(
        "value",
        "string",
        "The answer: an option code (several joined with |), a number, or, only when the "
        "export includes free text, the text. Date answers are never exported.",
    ),
    Column("item_score", "number", "The score of the chosen option(s); empty if none."),
)

TABLES = {
    "enrollments.csv": ENROLLMENT_COLUMNS,
    "responses.csv": RESPONSE_COLUMNS,
    "items.csv": ITEM_COLUMNS,
}


@dataclass(frozen=True)
class ExportSettings:
    scope: Scope
    pseudonyms: Pseudonymiser
    as_of: date
    include_free_text: bool


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _outcome(phase: str, reached_maintenance: bool) -> str:
    if phase != Phase.CLOSED:
        return "ongoing"
    return "completed" if reached_maintenance else "closed_early"


def enrollment_table(settings: ExportSettings) -> Iterator[list]:
    names = settings.pseudonyms
    for row in enrollment_rows(settings.scope).iterator(chunk_size=CHUNK):
        (pk, citizen_id, pnr, hsa_id, key, major, minor, phase, start, closed_at) = row[:10]
        reached_maintenance, modules, responses = row[10:]
        end = _local_day(closed_at) or settings.as_of
        yield [
            names.enrollment(pk),
            names.citizen(citizen_id),
            hsa_id,
            key,
            f"{major}.{minor}",
            phase,
            _outcome(phase, reached_maintenance),
            max((end - start).days, 0),
            modules,
            responses,
            age_band(pnr, start),
            sex(pnr),
        ]


class _Definitions:
    """Instrument definitions by (key, version), loaded once per export; None when unknown."""

    def __init__(self):
        self._loaded: dict[tuple[str, str], Definition | None] = {}

    def get(self, key: str, version: str) -> Definition | None:
        if (key, version) not in self._loaded:
            self._loaded[key, version] = self._load(key, version)
        return self._loaded[key, version]

    @staticmethod
    def _load(key: str, version: str) -> Definition | None:
        # A version no longer available falls back to the current one: linkIds are kept
        # across versions, and answers to items it does not know are filtered as unknown.
        for wanted in (version, None):
            try:
                return get_definition(key, wanted)
            except InstrumentNotFound:
                continue
        return None


@dataclass(frozen=True)
class Response:
    """One completed response, pseudonymised, with the answers the export may carry."""

    pseudonym: str
    enrollment: str
    citizen: str
    questionnaire: str
    version: str
    occasion: str
    days_since_start: int
    on_time: str
    score: dict
    answers: dict[str, Any]
    definition: Definition | None


def responses(settings: ExportSettings) -> Iterator[Response]:
    names, definitions = settings.pseudonyms, _Definitions()
    for row in response_rows(settings.scope).iterator(chunk_size=CHUNK):
        pk, enrollment_id, citizen_id, start, key, version, occasion = row[:7]
        completed_at, due_at, score, answers = row[7:]
        definition = definitions.get(key, version)
        on_time = "" if due_at is None else ("yes" if completed_at <= due_at else "no")
        yield Response(
            pseudonym=names.response(pk),
            enrollment=names.enrollment(enrollment_id),
            citizen=names.citizen(citizen_id),
            questionnaire=key,
            version=version,
            occasion=occasion,
            days_since_start=max((_local_day(completed_at) - start).days, 0),
            on_time=on_time,
            score=score or {},
            answers=exportable_answers(definition, answers or {}, settings.include_free_text),
            definition=definition,
        )


def exportable_answers(definition: Definition | None, answers: dict, free_text: bool) -> dict:
    """The answers that may leave: no dates ever, free text only when included.

    Without the definition an answer's type is unknown, so only numbers and option-like codes
    of known items could be told apart from text: nothing but numbers is kept then.
    """
    kept = {}
    for link_id, value in answers.items():
        item = definition.item(link_id) if definition is not None else None
        if item is None:
            if isinstance(value, int | float) and not isinstance(value, bool):
                kept[link_id] = value
            continue
        if item.type == "date" or not item.answerable:
            continue
        if item.type == "text" and not free_text:
            continue
        kept[link_id] = value
    return kept


def response_table(settings: ExportSettings, source: Iterator[Response]) -> Iterator[list]:
    for response in source:
        band = response.score.get("band") or {}
        yield [
            response.pseudonym,
            response.enrollment,
            response.citizen,
            response.questionnaire,
            response.version,
            response.occasion,
            response.days_since_start,
            response.on_time,
            response.score.get("total"),
            band.get("code", "") if isinstance(band, dict) else "",
        ]


def item_table(settings: ExportSettings, source: Iterator[Response]) -> Iterator[list]:
    for response in source:
        for link_id, value in response.answers.items():
            item = response.definition.item(link_id) if response.definition else None
            yield [
                response.pseudonym,
                response.citizen,
                response.questionnaire,
                link_id,
                item.type if item is not None else "",
                "|".join(map(str, value)) if isinstance(value, list) else value,
                _item_score(item, value),
            ]


def _item_score(item, value) -> float | int | str:
    if item is None or not item.options:
        return ""
    scores = [
        option.score
        for code in (value if isinstance(value, list) else [value])
        if (option := item.option(str(code))) is not None and option.score is not None
    ]
    return sum(scores) if scores else ""
