"""The one builder of program documents (stegvis-program/1) for tests.

Each area's test document (the catalog's minimal one, the care tests' and the citizen's) is
`program_document(...)` with its own modules; `module`, `section` and `step` build those.
"""

import copy

from stegvis.instruments.library import builtin_data

SCHEMA = "stegvis-program/1"


def step(key: str, title: str, *blocks: dict) -> dict:
    return {"key": key, "title": title, "blocks": list(blocks)}


def section(key: str, title: str, *steps: dict) -> dict:
    return {"key": key, "title": title, "steps": list(steps)}


def module(key: str, title: str, opening: dict, *sections: dict) -> dict:
    return {"key": key, "title": title, "opening": opening, "sections": list(sections)}


PHQ9_EVERY_WEEK = [{"questionnaire": "phq9", "when": "every_n_days", "days": 7}]
PHQ9_RED_FLAG = [{"questionnaire": "phq9", "alert_level": "prioritised", "flag": "red"}]


def program_document(
    key: str,
    name: str,
    modules: list[dict],
    *,
    major: int = 1,
    minor: int = 0,
    questionnaires: tuple[str, ...] = ("phq9",),
    schedules: list[dict] | None = None,
    flags: list[dict] | None = None,
    developed_by: str = "Region Test",
    **program: object,
) -> dict:
    """A valid document: `program` holds the program's other fields (intro, mode, open, ...);
    `questionnaires` names built-in instruments; extra top-level parts are added by the caller.
    """
    return copy.deepcopy(
        {
            "schema": SCHEMA,
            "program": {"key": key, "name": name, "developed_by": developed_by, **program},
            "version": {"major": major, "minor": minor},
            "modules": modules,
            "questionnaires": {q: builtin_data(q) for q in questionnaires},
            "schedules": PHQ9_EVERY_WEEK if schedules is None else schedules,
            "flags": PHQ9_RED_FLAG if flags is None else flags,
        }
    )


def minimal_document(key: str = "testprogram", major: int = 1, minor: int = 0) -> dict:
    """The catalog's minimal program: one module open at start, one step with a PHQ-9."""
    first_step = step(
        "st1",
        "Steg 1",
        {"type": "text", "html": "<p>Hej</p>"},
        {"type": "questionnaire", "key": "q1", "questionnaire": "phq9"},
    )
    return program_document(
        key,
        "Testprogram",
        [module("m1", "Modul 1", {"rule": "at_start"}, section("s1", "Avsnitt 1", first_step))],
        major=major,
        minor=minor,
    )
