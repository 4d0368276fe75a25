"""The release document: one immutable, self-contained JSON description of a program version.

Everything on the care side reads this document, never the design tool's drafts. It is also the
exchange format between providers and Stegvis instances (see files.py). `validate_document`
refuses a document that breaks the schema, naming the path of each problem.

Shape (schema "stegvis-program/1"):

    program:   key, name, description, developed_by, target_group, mode, citizen_may_write,
               open, intro
    version:   {"major": 1, "minor": 0}
    modules:   [{key, title, intro, opening: {rule, days?, date?},
                 sections: [{key, title, steps: [{key, title, blocks: [...]}]}]}]
    questionnaires: {key: instrument definition (stegvis-instrument/1)}
    schedules: [{questionnaire, when, days?, module?}]
    reminders: {inactivity_days}
    flags:     [{questionnaire, alert_level, flag}]
    media:     {name: {content_type, sha256, size}}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from stegvis.catalog.blocks import KEY, SHORT, TEXT, Block, StrictModel
from stegvis.catalog.opening import OpeningRule, OpeningRuleValue
from stegvis.language import content_language
from stegvis.language import localised as localised  # re-exported: readers of a document use it

SCHEMA = "stegvis-program/1"
# Loaded instrument definitions per (parsed document, questionnaire key): a stored release's
# document is parsed once per content hash (catalog.parsed), so each is loaded once.
_DEFINITIONS: dict[tuple[int, str], tuple[Any, Any]] = {}
_MAX_DEFINITIONS = 256
# The largest document, as canonical JSON: well above any real program (their text and
# questionnaires are a few hundred kB), well below what makes a release slow to check or show.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Context for documents of stored releases: checked in full when released, so only parsed.
TRUSTED = {"trusted": True}
MEDIA_TYPES = {
    "image/png",
    "image/jpeg",
    "image/webp",
    "video/mp4",
    "audio/mpeg",
    "audio/mp4",
    "text/vtt",
}


class Program(StrictModel):
    key: KEY
    name: SHORT
    description: TEXT = ""
    developed_by: Annotated[str, Field(max_length=300)] = ""
    target_group: Annotated[str, Field(max_length=1000)] = ""
    mode: Literal["practitioner_led", "self_help"] = "practitioner_led"
    citizen_may_write: bool = True
    open: bool = False
    intro: TEXT = ""


class Version(StrictModel):
    major: Annotated[int, Field(ge=1)]
    minor: Annotated[int, Field(ge=0)]

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


class Step(StrictModel):
    key: KEY
    title: SHORT
    blocks: tuple[Block, ...] = ()


class Section(StrictModel):
    key: KEY
    title: SHORT
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]


class Opening(StrictModel):
    rule: OpeningRuleValue
    days: Annotated[int, Field(ge=0, le=3650)] | None = None
    date: dt.date | None = None

    @model_validator(mode="after")
    def _parameters(self):
        if self.rule == OpeningRule.DAYS_AFTER_START and self.days is None:
            raise ValueError("days_after_start needs days")
        if self.rule == OpeningRule.DATE and self.date is None:
            raise ValueError("date needs a date")
        return self


class Module(StrictModel):
    key: KEY
    title: SHORT
    intro: TEXT = ""
    opening: Opening = Opening(rule=OpeningRule.PRACTITIONER.value)
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]


class Schedule(StrictModel):
    questionnaire: KEY
    when: Literal["start", "before_module", "every_n_days", "end", "maintenance"]
    days: Annotated[int, Field(ge=1, le=3650)] | None = None
    module: KEY | None = None

    @model_validator(mode="after")
    def _parameters(self):
        if self.when in ("every_n_days", "maintenance") and self.days is None:
            raise ValueError(f"{self.when} needs days")
        return self


class Reminders(StrictModel):
    inactivity_days: Annotated[int, Field(ge=1, le=365)] | None = None


class FlagRule(StrictModel):
    """An item alert of this level (on this item, when given) raises a flag of this colour."""

    questionnaire: KEY
    alert_level: Literal["prioritised", "warning", "info"]
    flag: Literal["red", "yellow"]
    item: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class MediaFile(StrictModel):
    content_type: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size: Annotated[int, Field(ge=1)]

    @field_validator("content_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in MEDIA_TYPES:
            raise ValueError(f"media type {value} is not allowed")
        return value


class ReleaseDocument(StrictModel):
    schema_: Literal["stegvis-program/1"] = Field(alias="schema")
    program: Program
    version: Version
    modules: Annotated[tuple[Module, ...], Field(min_length=1)]
    questionnaires: dict[KEY, dict[str, Any]] = {}
    schedules: tuple[Schedule, ...] = ()
    reminders: Reminders = Reminders()
    flags: tuple[FlagRule, ...] = ()
    media: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,120}$")], MediaFile] = {}

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo):
        if _trusted(info):
            return self
        problems = []
        module_keys = [m.key for m in self.modules]
        if len(set(module_keys)) != len(module_keys):
            problems.append("module keys must be unique")
        step_keys, block_keys = [], []
        for module in self.modules:
            for section in module.sections:
                for step in section.steps:
                    step_keys.append(step.key)
                    for block in step.blocks:
                        if hasattr(block, "key") and block.type != "questionnaire":
                            block_keys.append(block.key)
                        if block.type == "questionnaire":
                            block_keys.append(block.key)
                            if block.questionnaire not in self.questionnaires:
                                problems.append(
                                    f"step {step.key}: questionnaire {block.questionnaire} "
                                    "is not in questionnaires"
                                )
                        for media in _media_names(block):
                            if media not in self.media:
                                problems.append(f"step {step.key}: media {media} is missing")
        if len(set(step_keys)) != len(step_keys):
            problems.append("step keys must be unique in the program")
        if len(set(block_keys)) != len(block_keys):
            problems.append("answer block keys must be unique in the program")
        for schedule in self.schedules:
            if schedule.questionnaire not in self.questionnaires:
                problems.append(f"schedule: questionnaire {schedule.questionnaire} is unknown")
            if schedule.module is not None and schedule.module not in module_keys:
                problems.append(f"schedule: module {schedule.module} is unknown")
            if schedule.when == "before_module" and schedule.module is None:
                problems.append("schedule: before_module needs a module")
        for rule in self.flags:
            if rule.questionnaire not in self.questionnaires:
                problems.append(f"flags: questionnaire {rule.questionnaire} is unknown")
            elif rule.item is not None and not _has_item(
                self.questionnaires[rule.questionnaire], rule.item
            ):
                problems.append(
                    f"flags: questionnaire {rule.questionnaire} has no item {rule.item}"
                )
        if self.modules[0].opening.rule == OpeningRule.PREVIOUS_DONE:
            problems.append(f"module {self.modules[0].key}: the first module has no previous one")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @field_validator("questionnaires")
    @classmethod
    def _instruments_are_valid(cls, value: dict[str, dict[str, Any]], info: ValidationInfo):
        from stegvis.instruments.definition import DefinitionError, load_definition

        if _trusted(info):
            return value
        for key, definition in value.items():
            try:
                load_definition(definition)
            except DefinitionError as error:
                raise ValueError(f"questionnaire {key}: {error}") from None
        return value

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    # --- Reading: every page and service reads the document through these ---------------

    def steps(self) -> Iterator[tuple[Module, Section, Step]]:
        """Yield (module, section, step) in reading order."""
        for module in self.modules:
            for section in module.sections:
                for step in section.steps:
                    yield module, section, step

    def module(self, module_key: str) -> Module | None:
        return next((m for m in self.modules if m.key == module_key), None)

    def module_title(self, module_key: str) -> str:
        """The module's title, or its key when the release has no such module."""
        module = self.module(module_key)
        return module.title if module else module_key

    def previous_module(self, module_key: str) -> Module | None:
        keys = [m.key for m in self.modules]
        position = keys.index(module_key)
        return self.modules[position - 1] if position > 0 else None

    def following_module(self, module_key: str) -> Module | None:
        keys = [m.key for m in self.modules]
        position = keys.index(module_key)
        return self.modules[position + 1] if position + 1 < len(keys) else None

    def find_step(self, step_key: str) -> tuple[Module, Section, Step] | None:
        """Return (module, section, step) for `step_key`, or None."""
        return next((found for found in self.steps() if found[2].key == step_key), None)

    def find_block(self, block_key: str) -> tuple[Module, Step, Any] | None:
        """Return (module, step, block) for the keyed block `block_key`, or None."""
        for module, _section, step in self.steps():
            for block in step.blocks:
                if getattr(block, "key", None) == block_key:
                    return module, step, block
        return None

    def blocks_by_key(self) -> dict[str, tuple[str, Any]]:
        """Every keyed block with the title of its step: {block key: (step title, block)}."""
        return {
            block.key: (step.title, block)
            for _module, _section, step in self.steps()
            for block in step.blocks
            if hasattr(block, "key")
        }

    def questionnaire_data(self, key: str) -> dict[str, Any]:
        """The questionnaire's instrument definition as stored (stegvis-instrument/1 JSON)."""
        return self.questionnaires[key]

    def questionnaire_definition(self, key: str):
        """The questionnaire's loaded instrument definition (loaded once per document)."""
        kept = _DEFINITIONS.get((id(self), key))
        if kept is not None and kept[0] is self:
            return kept[1]
        from stegvis.instruments.definition import load_definition

        definition = load_definition(self.questionnaires[key])
        if len(_DEFINITIONS) >= _MAX_DEFINITIONS:
            _DEFINITIONS.clear()
        # The document is kept with its definition, so its id is not reused while kept.
        _DEFINITIONS[(id(self), key)] = (self, definition)
        return definition

    def questionnaire_title(self, key: str, language: str | None = None) -> str:
        """The questionnaire's title in `language` (falling back to Swedish, then its key)."""
        title = (self.questionnaires.get(key) or {}).get("title")
        if isinstance(title, dict):
            return title.get(language or reader_language()) or title.get("sv") or key
        return title or key

    def questionnaire_version(self, key: str) -> str:
        return str(self.questionnaires[key].get("version", ""))

    def scheduled_questionnaire(self, index: int) -> str | None:
        """The questionnaire key of schedule number `index`, or None when there is none."""
        if isinstance(index, int) and 0 <= index < len(self.schedules):
            return self.schedules[index].questionnaire
        return None


def reader_language() -> str:
    """The current interface language as a document language: "en" or "sv"."""
    return content_language()


def _trusted(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("trusted"))


def _has_item(definition: dict[str, Any], link_id: str) -> bool:
    stack = list(definition.get("items") or [])
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("linkId") == link_id:
                return True
            stack.extend(item.get("items") or [])
    return False


def _media_names(block) -> list[str]:
    names = []
    for attr in ("media", "captions"):
        value = getattr(block, attr, "")
        if value:
            names.append(value)
    return names


class DocumentError(ValueError):
    """A release document that breaks the schema; `problems` name the path of each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def validate_document(data: Any) -> ReleaseDocument:
    """Check `data` in full (schema, references, every questionnaire) and parse it.

    Raise DocumentError naming each problem. Done once, when a release is made or imported;
    pages showing a stored release use `parse_trusted` (through catalog.parsed).
    """
    if not isinstance(data, dict):
        raise DocumentError(["the document must be a JSON object"])
    if data.get("schema") != SCHEMA:
        raise DocumentError([f"unsupported schema {data.get('schema')!r}; expected {SCHEMA}"])
    try:
        size = len(canonical_json(data))
    except (TypeError, ValueError):
        raise DocumentError(["the document must be plain JSON"]) from None
    if size > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES // 2**20
        raise DocumentError(
            [f"Programmet är större än {limit} MB. / The program is larger than {limit} MB."]
        )
    return _parse(data)


def parse_trusted(data: dict[str, Any]) -> ReleaseDocument:
    """Parse the document of a stored release, which `validate_document` checked when it was
    released: the questionnaires and references are not checked again."""
    return _parse(data, context=TRUSTED)


def _parse(data: dict[str, Any], context: dict | None = None) -> ReleaseDocument:
    try:
        return ReleaseDocument.model_validate(data, context=context)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(p) for p in item["loc"]) or "document"
            problems.append(f"{where}: {item['msg']}")
        raise DocumentError(problems) from None


def canonical_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a validated document."""
    return hashlib.sha256(canonical_json(data)).hexdigest()
