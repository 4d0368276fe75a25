"""Turn a step of the release into what its templates show, and a posted form into answers.

Field names are `<block key>-<field>`, so one form holds all the answer blocks of a step and a
re-rendered form shows exactly what was typed (drafts are stored as typed). The step's saved
state comes from the read model (`care.read.load_step_state`).
"""

from __future__ import annotations

from typing import Any

from stegvis.care.models import DiaryEntry, Enrollment, QuestionnaireResponse
from stegvis.care.read.steps import StepState
from stegvis.care.services.program import document_of
from stegvis.catalog.blocks import ANSWER_BLOCKS
from stegvis.catalog.document import localised
from stegvis.instruments.responses import shown_items
from stegvis.instruments.schema import Definition

NUMERIC = ("integer", "decimal", "slider")
TEXT_LIMIT = 20_000  # a questionnaire's free-text answer is cut here


# --- Posted forms --------------------------------------------------------------------------


def _number_or_text(raw: str):
    text = raw.strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return raw
    if number != number or number in (float("inf"), float("-inf")):
        return raw
    return (
        int(number)
        if number.is_integer() and "." not in text and "e" not in text.lower()
        else number
    )


def questionnaire_answers(definition: Definition, data, prefix: str) -> dict[str, Any]:
    """Read a questionnaire's answers from posted `data` (numbers as numbers, as typed if not)."""
    answers: dict[str, Any] = {}
    for item, _parents in definition.walk():
        if not item.answerable:
            continue
        name = f"{prefix}-{item.link_id}"
        if item.type == "multichoice":
            values = [v for v in data.getlist(name) if v]
            if values:
                answers[item.link_id] = values
            continue
        raw = data.get(name, "")
        if not isinstance(raw, str) or not raw.strip():
            continue
        raw = raw[:TEXT_LIMIT]
        if item.type in NUMERIC:
            answers[item.link_id] = _number_or_text(raw)
        elif item.type == "date":
            answers[item.link_id] = raw.strip()
        else:
            answers[item.link_id] = raw
    return answers


def block_value(block, data) -> dict[str, Any]:
    """Read an answer block's value from posted `data`, as typed."""
    prefix = block.key
    if block.type in ("homework", "feedback"):
        return {"text": data.get(f"{prefix}-text", "")}
    if block.type == "checklist":
        return {"checked": data.getlist(f"{prefix}-checked")}
    if block.type == "worksheet":
        return {f.key: data.get(f"{prefix}-{f.key}", "") for f in block.fields}
    return {}


def diary_values(block, data) -> dict[str, str]:
    return {f.key: data.get(f"{block.key}-{f.key}", "") for f in block.fields}


# --- What the templates show ---------------------------------------------------------------


def _choices(item, value, multiple: bool) -> list[dict]:
    chosen = set(value) if multiple and isinstance(value, list) else {value}
    return [
        {
            "code": o.code,
            "label": localised(o.label),
            "checked": o.code in chosen,
            "between": o.between,
        }
        for o in item.options
    ]


def questionnaire_items(
    definition: Definition, answers: dict, errors: dict[str, str], prefix: str
) -> list[dict]:
    """Every item with its value and error; those their conditions hide are marked hidden."""
    shown = set(shown_items(definition, answers))
    items = []
    for item, parents in definition.walk():
        value = answers.get(item.link_id, "")
        entry = {
            "link": item.link_id,
            "id": f"{prefix}-{item.link_id}",
            "type": item.type,
            "text": localised(item.text),
            "help": localised(item.help) if item.help else "",
            "required": item.required,
            "value": "" if value is None else value,
            "error": errors.get(item.link_id, ""),
            "depth": len(parents),
            "min": item.min,
            "max": item.max,
            # Hidden by its conditions; shown again by autosave.js or the next save.
            "hidden": item.answerable and item.link_id not in shown,
        }
        if item.type in ("choice", "multichoice"):
            entry["options"] = _choices(item, value, item.type == "multichoice")
            # A rating scale with described and in-between steps shows each step's number.
            entry["stepped"] = any(o.between for o in item.options)
        if item.type in NUMERIC:
            entry["inputmode"] = "decimal" if item.type == "decimal" else "numeric"
        described = []
        if entry["help"]:
            described.append(f"{entry['id']}-help")
        if item.type == "date":
            described.append(f"{entry['id']}-help")
        if item.min is not None and item.max is not None:
            described.append(f"{entry['id']}-range")
        if entry["error"]:
            described.append(f"{entry['id']}-error")
        entry["describedby"] = " ".join(described)
        items.append(entry)
    return items


def score_summary(response: QuestionnaireResponse | None) -> dict | None:
    if response is None or not response.score:
        return None
    band = (response.score.get("band") or {}).get("label") or {}
    return {"total": response.score.get("total"), "band": localised(band) if band else ""}


def build_blocks(
    enrollment: Enrollment, step, state: StepState, errors: dict[str, dict[str, str]]
) -> list[dict]:
    """One dict per block for `portal/blocks/<type>.html`, with its saved state and errors."""
    blocks = []
    for index, block in enumerate(step.blocks):
        key = getattr(block, "key", f"b{index}")
        entry: dict[str, Any] = {
            "block": block,
            "key": key,
            "template": f"portal/blocks/{block.type}.html",
            "errors": errors.get(key, {}),
        }
        if block.type == "questionnaire":
            definition = document_of(enrollment.release).questionnaire_definition(
                block.questionnaire
            )
            response = state.responses.get(block.key)
            answers = response.answers if response else {}
            entry.update(
                title=localised(definition.title),
                items=questionnaire_items(definition, answers, entry["errors"], block.key),
                response=response,
                completed=bool(response and response.completed_at),
                summary=score_summary(response),
            )
        elif block.type in ANSWER_BLOCKS:
            answer = state.answers.get(block.key)
            value = answer.value if answer else {}
            entry.update(answer=answer, value=value)
            if block.type == "worksheet":
                entry["fields"] = [
                    {
                        "field": f,
                        "id": f"{block.key}-{f.key}",
                        "value": value.get(f.key, ""),
                        "error": entry["errors"].get(f.key, ""),
                    }
                    for f in block.fields
                ]
            elif block.type == "checklist":
                checked = set(value.get("checked", []))
                entry["items"] = [
                    {"item": i, "id": f"{block.key}-{i.key}", "checked": i.key in checked}
                    for i in block.items
                ]
            elif block.type == "feedback":
                entry["feedback"] = state.feedback.get(block.key)
        elif block.type == "diary":
            entry.update(diary_entry(block, state.diaries.get(block.key, []), errors.get(key)))
        blocks.append(entry)
    return blocks


def diary_entry(block, entries: list[DiaryEntry], errors: dict | None, typed=None) -> dict:
    """The diary's form (with typed values when re-shown), its entries and chart points."""
    errors = errors or {}
    typed = typed or {}
    return {
        "entries": entries,
        "columns": [f.label for f in block.fields],
        "rows": [
            {"date": e.entry_date, "cells": [e.values.get(f.key, "") for f in block.fields]}
            for e in entries
        ],
        "fields": [
            {
                "field": f,
                "id": f"{block.key}-{f.key}",
                "value": typed.get(f.key, ""),
                "error": errors.get(f.key, ""),
            }
            for f in block.fields
        ],
        "date_value": typed.get("entry_date", ""),
        "date_error": errors.get("entry_date", ""),
        "form_error": errors.get("__all__", ""),
    }


def error_summary(blocks: list[dict]) -> list[dict]:
    """Every problem on the step with the id of the field it belongs to, in page order."""
    out = []
    for entry in blocks:
        errors = entry["errors"]
        if not errors:
            continue
        if entry["block"].type == "diary":
            ids = {f["field"].key: f["id"] for f in entry["fields"]}
            ids["entry_date"] = f"{entry['key']}-entry_date"
        elif entry["block"].type == "questionnaire":
            ids = {i["link"]: i["id"] for i in entry["items"]}
        elif entry["block"].type == "worksheet":
            ids = {f["field"].key: f["id"] for f in entry["fields"]}
        else:
            ids = {"text": f"{entry['key']}-text"}
        for name, message in errors.items():
            if name == "__all__":
                out.append({"id": f"{entry['key']}-entry_date", "message": message})
            elif name in ids:
                out.append({"id": ids[name], "message": message})
            else:
                out.append({"id": entry["key"], "message": message})
    return out


def step_neighbours(doc, step_key: str, open_keys: set[str]):
    """The previous and next step in reading order, each (step, is_open) or None."""
    ordered = [(m, s) for m, _sec, s in doc.steps()]
    keys = [s.key for _m, s in ordered]
    i = keys.index(step_key)
    prev = ordered[i - 1] if i > 0 else None
    nxt = ordered[i + 1] if i + 1 < len(ordered) else None
    return (
        (prev[1], prev[0].key in open_keys) if prev else None,
        (nxt[1], nxt[0].key in open_keys) if nxt else None,
    )
