"""Build a release document (stegvis-program/1) from a program's published page tree.

Only published (live) pages count: what the publisher approved is what is released. Keys are
derived from page ids and block ids, which stay the same across edits, so a later release keeps
the keys of everything that was not removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from stegvis.catalog.document import SCHEMA, DocumentError, validate_document
from stegvis.design.blocks import (
    AUDIO_EXTENSIONS,
    CAPTION_EXTENSIONS,
    IMAGE_EXTENSIONS,
    VIDEO_EXTENSIONS,
    choice_lines,
    extension,
    imported_definition,
)
from stegvis.design.models import ModulePage, ProgramPage, SectionPage, StepPage
from stegvis.instruments.library import BUILTIN_KEYS, builtin_data


class ReleaseError(Exception):
    """The program cannot be released as it is; `problems` says why, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class BuiltRelease:
    document: dict
    media: dict[str, bytes] = field(default_factory=dict)
    # Titles of pages that exist only as drafts and so are not part of the release.
    unpublished: list[str] = field(default_factory=list)


def build_document(program_page: ProgramPage, version: tuple[int, int] = (1, 0)) -> dict:
    """Return the release document of `program_page`'s published tree at `version`."""
    return build_release(program_page, version).document


def build_release(program_page: ProgramPage, version: tuple[int, int] = (1, 0)) -> BuiltRelease:
    """Build the document and collect its media files; raise ReleaseError if it is not valid."""
    return _Builder(program_page, version).build()


def unpublished_pages(program_page: ProgramPage) -> list[str]:
    """Titles of pages below the program that are drafts or have unpublished changes."""
    pages = program_page.get_descendants(inclusive=True).filter(
        Q(live=False) | Q(has_unpublished_changes=True)
    )
    return list(pages.values_list("title", flat=True))


_PAGE_LINK = re.compile(r'<a [^>]*linktype="page"[^>]*>(.*?)</a>', re.DOTALL)


def rich_text_html(source: str) -> str:
    """Editor HTML as the document holds it: links to design pages (no address for citizens)
    become plain text; external links stay."""
    return expand_db_html(_PAGE_LINK.sub(r"\1", source))


# A block or list item made from a release document carries its key in its id, after this
# prefix (see from_document.py); the editor gives new blocks a UUID, never this prefix.
KEPT_ID_PREFIX = "key:"


def _answer_key(step_key: str, block_id: str | None, index: int, step_kept: bool) -> str:
    if block_id and block_id.startswith(KEPT_ID_PREFIX):
        kept = block_id.removeprefix(KEPT_ID_PREFIX)
        # A copy of a kept step has a key of its own; its blocks must not reuse the original's.
        return kept if step_kept else f"{step_key}-{kept}"[:64]
    return f"{step_key}-{block_id[:8]}" if block_id else f"{step_key}-b{index}"


class _Builder:
    def __init__(self, program_page: ProgramPage, version: tuple[int, int]):
        # Read the published content from the database, never an unsaved draft in memory.
        self.program = ProgramPage.objects.get(pk=program_page.pk)
        self.version = version
        self.problems: list[str] = []
        self.questionnaires: dict[str, dict] = {}
        self.media_meta: dict[str, dict] = {}
        self.media: dict[str, bytes] = {}
        self.module_keys: dict[int, str] = {}

    def build(self) -> BuiltRelease:
        program = self.program
        if not program.live:
            raise ReleaseError([_("The program is not published yet; approve it first.")])
        modules = [self._module(m) for m in program.get_children().live().type(ModulePage)]
        if not modules:
            self.problems.append(_("The program has no published module."))
        for rule in program.flag_rules:
            self._need_questionnaire(rule.value["questionnaire"], _("Flag rule"))
        document = {
            "schema": SCHEMA,
            "program": {
                "key": program.program_key,
                "name": program.title,
                "description": program.description,
                "developed_by": program.developed_by,
                "target_group": program.target_group,
                "mode": program.mode,
                "citizen_may_write": program.citizen_may_write,
                "open": program.open,
                "intro": program.intro,
            },
            "version": {"major": self.version[0], "minor": self.version[1]},
            "modules": modules,
            "schedules": self._schedules(),
            "reminders": (
                {"inactivity_days": program.reminder_inactivity_days}
                if program.reminder_inactivity_days
                else {}
            ),
            "flags": [
                {
                    "questionnaire": rule.value["questionnaire"],
                    "alert_level": rule.value["alert_level"],
                    "flag": rule.value["flag"],
                    **({"item": rule.value["item"]} if rule.value.get("item") else {}),
                }
                for rule in program.flag_rules
            ],
            "questionnaires": self.questionnaires,
            "media": self.media_meta,
        }
        if self.problems:
            raise ReleaseError(self.problems)
        try:
            validate_document(document)
        except DocumentError as error:
            raise ReleaseError(error.problems) from None
        return BuiltRelease(
            document=document, media=self.media, unpublished=unpublished_pages(program)
        )

    def _module(self, page) -> dict:
        module = page.specific
        key = module.release_key or f"m{module.pk}"
        self.module_keys[module.pk] = key
        opening: dict = {"rule": module.opening_rule}
        if module.opening_rule == ModulePage.Opening.DAYS_AFTER_START:
            opening["days"] = module.opening_days
        if module.opening_rule == ModulePage.Opening.DATE and module.opening_date:
            opening["date"] = module.opening_date.isoformat()
        sections = [
            self._section(s) for s in module.get_children().live().type(SectionPage).specific()
        ]
        if not sections:
            self.problems.append(
                _("Module %(title)s has no published section.") % {"title": module.title}
            )
        return {
            "key": key,
            "title": module.title,
            "intro": module.intro,
            "opening": opening,
            "sections": sections,
        }

    def _section(self, section) -> dict:
        steps = [self._step(s.specific) for s in section.get_children().live().type(StepPage)]
        if not steps:
            self.problems.append(
                _("Section %(title)s has no published step.") % {"title": section.title}
            )
        key = section.release_key or f"s{section.pk}"
        return {"key": key, "title": section.title, "steps": steps}

    def _step(self, step: StepPage) -> dict:
        key = step.release_key or f"st{step.pk}"
        blocks = []
        for index, child in enumerate(step.body):
            block = self._block(step, key, index, child)
            if block is not None:
                blocks.append(block)
        return {"key": key, "title": step.title, "blocks": blocks}

    def _block(self, step, step_key: str, index: int, child) -> dict | None:
        kind, value = child.block_type, child.value
        answer_key = _answer_key(step_key, child.id, index, bool(step.release_key))
        block = self._content_block(step, kind, value)
        if block is None:
            block = self._answer_block(step, kind, value, answer_key)
        if block is None:
            self.problems.append(
                _("Step %(title)s: unknown block %(kind)s.") % {"title": step.title, "kind": kind}
            )
        return block

    def _content_block(self, step, kind: str, value) -> dict | None:
        """A block the citizen reads, watches or follows; None for any other kind."""
        if kind == "text":
            return {"type": "text", "html": rich_text_html(value["text"].source)}
        if kind == "info":
            return {
                "type": "info",
                "style": value["style"],
                "html": rich_text_html(value["text"].source),
            }
        if kind == "image":
            name = self._file(step, value["image"], "image", IMAGE_EXTENSIONS)
            return {
                "type": "image",
                "media": name,
                "alt": value["alt"],
                "caption": value["caption"] or "",
            }
        if kind in ("video", "audio"):
            return self._media_block(step, kind, value)
        if kind == "video_meeting":
            return {"type": "video_meeting", "label": value["label"], "url": value["url"]}
        return None

    def _media_block(self, step, kind: str, value) -> dict:
        types = VIDEO_EXTENSIONS if kind == "video" else AUDIO_EXTENSIONS
        # No file: a placeholder kept from a release document (the editor requires one).
        media = "" if value["file"] is None else self._file(step, value["file"], "document", types)
        block = {
            "type": kind,
            "media": media,
            "title": value["title"],
            "transcript": value["transcript"],
        }
        if kind == "video" and value.get("captions") is not None:
            block["captions"] = self._file(step, value["captions"], "document", CAPTION_EXTENSIONS)
        return block

    def _answer_block(self, step, kind: str, value, answer_key: str) -> dict | None:
        """A block the citizen answers, under `answer_key`; None for any other kind."""
        if kind == "questionnaire":
            return {
                "type": "questionnaire",
                "key": answer_key,
                "questionnaire": self._questionnaire(step, value),
            }
        if kind in ("homework", "feedback"):
            return {"type": kind, "key": answer_key, "prompt": value["prompt"]}
        if kind == "worksheet":
            return {
                "type": "worksheet",
                "key": answer_key,
                "title": value["title"],
                "fields": self._fields(value["fields"]),
            }
        if kind == "diary":
            fields = self._fields(value["fields"])
            chart = (value.get("chart_field") or "").strip()
            block = {"type": "diary", "key": answer_key, "title": value["title"], "fields": fields}
            if chart:
                block["chart_field"] = next(
                    (f["key"] for f in fields if f["label"] == chart and f["kind"] == "number"), ""
                )
            return block
        if kind == "checklist":
            return {
                "type": "checklist",
                "key": answer_key,
                "title": value["title"],
                "items": [
                    {"key": _item_key("i", item, n), "label": item.value}
                    for n, item in enumerate(value["items"].bound_blocks)
                ],
            }
        return None

    def _fields(self, list_value) -> list[dict]:
        fields, seen = [], set()
        for n, item in enumerate(list_value.bound_blocks):
            key = _item_key("f", item, n)
            if key in seen:
                key = f"f{n}"
            seen.add(key)
            value = item.value
            fields.append(
                {
                    "key": key,
                    "label": value["label"],
                    "kind": value["kind"],
                    "choices": choice_lines(value.get("choices")),
                    "required": bool(value.get("required")),
                }
            )
        return fields

    def _questionnaire(self, step, value) -> str:
        if value.get("builtin"):
            key = value["builtin"]
            self.questionnaires.setdefault(key, builtin_data(key))
            return key
        try:
            if value.get("imported"):
                definition = imported_definition(value["imported"]).to_dict()
            else:
                definition = json.loads(value.get("definition") or "")
        except LookupError:
            self.problems.append(
                _("Step %(title)s: the imported questionnaire %(name)s no longer exists.")
                % {"title": step.title, "name": value["imported"]}
            )
            return "invalid"
        except json.JSONDecodeError:
            self.problems.append(
                _("Step %(title)s: the questionnaire definition is not valid JSON.")
                % {"title": step.title}
            )
            return "invalid"
        key = str(definition.get("key", ""))
        known = self.questionnaires.get(key)
        if known is not None and known != definition:
            self.problems.append(
                _("Two different questionnaires use the key %(key)s.") % {"key": key}
            )
        self.questionnaires[key] = definition
        return key

    def _need_questionnaire(self, key: str, where: str) -> None:
        if key in self.questionnaires:
            return
        if key in BUILTIN_KEYS:
            self.questionnaires[key] = builtin_data(key)
            return
        self.problems.append(
            _("%(where)s: questionnaire %(key)s is neither built in nor used in a step.")
            % {"where": where, "key": key}
        )

    def _schedules(self) -> list[dict]:
        schedules = []
        for rule in self.program.schedules:
            value = rule.value
            self._need_questionnaire(value["questionnaire"], _("Scheduled questionnaire"))
            base = {"questionnaire": value["questionnaire"], "when": value["when"]}
            if value.get("days"):
                base["days"] = value["days"]
            if value["when"] != "before_module":
                schedules.append(base)
                continue
            module = value.get("module")
            if module is None:
                schedules.extend({**base, "module": k} for k in self.module_keys.values())
            elif module.pk in self.module_keys:
                schedules.append({**base, "module": self.module_keys[module.pk]})
            else:
                self.problems.append(
                    _(
                        "Scheduled questionnaire: %(title)s is not a published module of this "
                        "program."
                    )
                    % {"title": module.title}
                )
        return schedules

    def _file(self, step, obj, prefix: str, types: dict[str, str]) -> str:
        if obj is None:
            self.problems.append(
                _("Step %(title)s: a media file is missing.") % {"title": step.title}
            )
            return ""
        ext = extension(obj.file.name)
        name = f"{prefix}-{obj.pk}.{ext}"
        if name in self.media_meta:
            return name
        if ext not in types:
            self.problems.append(
                _("Step %(title)s: the file %(file)s has a type that cannot be used here.")
                % {"title": step.title, "file": obj.title}
            )
            return name
        with obj.file.open("rb") as handle:
            content = handle.read()
        self.media[name] = content
        self.media_meta[name] = {
            "content_type": types[ext],
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
        }
        return name


def _item_key(prefix: str, item, index: int) -> str:
    item_id = getattr(item, "id", None)
    if item_id and item_id.startswith(KEPT_ID_PREFIX):
        return item_id.removeprefix(KEPT_ID_PREFIX)
    return f"{prefix}{item_id[:8]}" if item_id else f"{prefix}{index}"
