"""Whether a new release document may be a MINOR release of the previous one (ADR 0003).

A MINOR release must keep the meaning of everything a running enrollment has done: the same
modules, sections and steps in the same order (new steps only at the end of a section, new
sections only at the end of a module), the same answer blocks with the same fields, the same
questionnaires and the same rules. Texts and media may change freely.
"""

from django.utils.translation import gettext as _

RULE_DEFAULTS = {"questionnaires": {}, "schedules": [], "flags": [], "reminders": {}}
CARE_SETTINGS = ("mode", "citizen_may_write", "open")


def _is_prefix(old: list, new: list) -> bool:
    return new[: len(old)] == old


def _answer_blocks(step: dict) -> dict[str, dict]:
    return {b["key"]: b for b in step.get("blocks", []) if "key" in b}


def _fields_problem(old: dict, new: dict) -> bool:
    """Whether the fields or items of an answer block changed in a way a MINOR may not."""
    for part in ("fields", "items"):
        old_items, new_items = old.get(part, []), new.get(part, [])
        if part == "items":
            old_keys = [i["key"] for i in old_items]
            if not _is_prefix(old_keys, [i["key"] for i in new_items]):
                return True
            continue
        shape = [(f["key"], f["kind"], list(f.get("choices", []))) for f in old_items]
        new_shape = [(f["key"], f["kind"], list(f.get("choices", []))) for f in new_items]
        if not _is_prefix(shape, new_shape):
            return True
        if any(f.get("required") for f in new_items[len(old_items) :]):
            return True
        for old_field, new_field in zip(old_items, new_items, strict=False):
            if new_field.get("required") and not old_field.get("required"):
                return True
    return old.get("chart_field", "") != new.get("chart_field", "")


def minor_problems(old: dict, new: dict) -> list[str]:
    """What `new` changes that only a MAJOR release may change, relative to `old`."""
    problems = []
    for part, default in RULE_DEFAULTS.items():
        if old.get(part, default) != new.get(part, default):
            problems.append(_("the questionnaires or rules (%(part)s)") % {"part": part})
    for setting in CARE_SETTINGS:
        if old["program"].get(setting) != new["program"].get(setting):
            problems.append(_("the program setting %(setting)s") % {"setting": setting})
    old_modules = {m["key"]: m for m in old["modules"]}
    new_modules = {m["key"]: m for m in new["modules"]}
    if [m["key"] for m in old["modules"]] != [m["key"] for m in new["modules"]]:
        problems.append(_("the modules or their order"))
    for key, module in old_modules.items():
        other = new_modules.get(key)
        if other is None:
            continue
        if module.get("opening") != other.get("opening"):
            problems.append(_("when module %(title)s opens") % {"title": module["title"]})
        old_sections = [s["key"] for s in module["sections"]]
        if not _is_prefix(old_sections, [s["key"] for s in other["sections"]]):
            problems.append(_("the sections of module %(title)s") % {"title": module["title"]})
            continue
        new_sections = {s["key"]: s for s in other["sections"]}
        for section in module["sections"]:
            new_section = new_sections[section["key"]]
            old_steps = [s["key"] for s in section["steps"]]
            if not _is_prefix(old_steps, [s["key"] for s in new_section["steps"]]):
                problems.append(_("the steps of section %(title)s") % {"title": section["title"]})
                continue
            new_steps = {s["key"]: s for s in new_section["steps"]}
            for step in section["steps"]:
                old_answers = _answer_blocks(step)
                new_answers = _answer_blocks(new_steps[step["key"]])
                if set(old_answers) != set(new_answers) or any(
                    old_answers[k]["type"] != new_answers[k]["type"]
                    or _fields_problem(old_answers[k], new_answers[k])
                    for k in old_answers
                ):
                    problems.append(
                        _("the answer blocks of step %(title)s") % {"title": step["title"]}
                    )
    return problems
