"""Make a program's page tree from a release document, so the design tool can carry it on.

Releasing the tree again gives the same document: modules, sections and steps keep their keys
in `release_key`, answer blocks and list items keep theirs in their block ids (KEPT_ID_PREFIX),
so the next release can be a MINOR one. Used by the demo for its catalog; media files are not
carried over (a video or audio block without a file stays a placeholder).
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.utils import timezone

from stegvis.catalog.opening import OpeningRule
from stegvis.design.models import (
    ModulePage,
    ProgramPage,
    ProviderRootPage,
    SectionPage,
    StepPage,
)
from stegvis.design.release import KEPT_ID_PREFIX
from stegvis.instruments.library import BUILTIN_KEYS

PROGRAM_FIELDS = ("description", "developed_by", "target_group", "mode", "citizen_may_write")


def _kept(key: str) -> str:
    return f"{KEPT_ID_PREFIX}{key}"


@transaction.atomic
def program_page_from_document(root: ProviderRootPage, document: dict) -> ProgramPage:
    """Add the program in `document` below `root`, published, and return its page.

    The document must be valid (catalog.document.validate_document); images are not carried
    over, so a document with image blocks is refused with ValueError.
    """
    program = document["program"]
    questionnaires = document.get("questionnaires", {})
    page = ProgramPage(
        title=program["name"],
        slug=program["key"],
        program_key=program["key"],
        open=program.get("open", False),
        intro=program.get("intro", ""),
        reminder_inactivity_days=document.get("reminders", {}).get("inactivity_days"),
        flag_rules=[{"type": "flag", "value": _flag(r)} for r in document.get("flags", [])],
        **{name: program[name] for name in PROGRAM_FIELDS if name in program},
    )
    _add(root, page)
    modules = {}
    for module in document["modules"]:
        modules[module["key"]] = _module(page, module, questionnaires)
    page.schedules = [
        {"type": "schedule", "value": _schedule(rule, modules)}
        for rule in document.get("schedules", [])
    ]
    page.save(update_fields=["schedules"])
    return page


def _add(parent, page):
    # Live from the start, without a revision per page: the first edit makes one, and the
    # demo loads about 120 pages, each revision costing a search-index and reference task.
    now = timezone.now()
    page.live, page.first_published_at, page.last_published_at = True, now, now
    parent.add_child(instance=page)
    return page


def _module(program: ProgramPage, module: dict, questionnaires: dict) -> ModulePage:
    opening = module.get("opening", {"rule": OpeningRule.PRACTITIONER.value})
    date = opening.get("date")
    page = _add(
        program,
        ModulePage(
            title=module["title"],
            slug=module["key"],
            release_key=module["key"],
            intro=module.get("intro", ""),
            opening_rule=opening["rule"],
            opening_days=opening.get("days"),
            opening_date=dt.date.fromisoformat(date) if isinstance(date, str) else date,
        ),
    )
    for section in module["sections"]:
        section_page = _add(
            page,
            SectionPage(title=section["title"], slug=section["key"], release_key=section["key"]),
        )
        for step in section["steps"]:
            body = [_block(block, questionnaires) for block in step["blocks"]]
            _add(
                section_page,
                StepPage(title=step["title"], slug=step["key"], release_key=step["key"], body=body),
            )
    return page


def _block(block: dict, questionnaires: dict) -> dict:
    """One release-document block as raw StreamField data of the matching design block."""
    kind = block["type"]
    data = {"type": kind, "id": _kept(block["key"]) if "key" in block else None}
    if kind == "text":
        data["value"] = {"text": block["html"]}
    elif kind == "info":
        data["value"] = {"style": block.get("style", "info"), "text": block["html"]}
    elif kind in ("video", "audio"):
        data["value"] = {"title": block["title"], "file": None, "transcript": block["transcript"]}
        if kind == "video":
            data["value"]["captions"] = None
    elif kind == "questionnaire":
        key = block["questionnaire"]
        data["value"] = (
            {"builtin": key, "definition": ""}
            if key in BUILTIN_KEYS
            else {"builtin": "", "definition": json.dumps(questionnaires[key], ensure_ascii=False)}
        )
    elif kind in ("homework", "feedback"):
        data["value"] = {"prompt": block["prompt"]}
    elif kind in ("worksheet", "diary"):
        fields = [_field(f) for f in block["fields"]]
        data["value"] = {"title": block["title"], "fields": fields}
        if kind == "diary":
            chart = block.get("chart_field", "")
            labels = {f["key"]: f["label"] for f in block["fields"]}
            data["value"]["chart_field"] = labels.get(chart, "")
    elif kind == "checklist":
        items = [
            {"type": "item", "value": i["label"], "id": _kept(i["key"])} for i in block["items"]
        ]
        data["value"] = {"title": block["title"], "items": items}
    elif kind == "video_meeting":
        data["value"] = {"label": block["label"], "url": block["url"]}
    else:
        raise ValueError(f"A {kind} block cannot be made into a design page.")
    if data["id"] is None:
        del data["id"]
    return data


def _field(field: dict) -> dict:
    value = {
        "label": field["label"],
        "kind": field.get("kind", "text"),
        "choices": "\n".join(field.get("choices", [])),
        "required": bool(field.get("required")),
    }
    return {"type": "item", "value": value, "id": _kept(field["key"])}


def _flag(rule: dict) -> dict:
    return {
        "questionnaire": rule["questionnaire"],
        "alert_level": rule["alert_level"],
        "flag": rule["flag"],
        "item": rule.get("item") or "",
    }


def _schedule(rule: dict, modules: dict[str, ModulePage]) -> dict:
    module = modules.get(rule.get("module") or "")
    return {
        "questionnaire": rule["questionnaire"],
        "when": rule["when"],
        "days": rule.get("days"),
        "module": module.pk if module else None,
    }
