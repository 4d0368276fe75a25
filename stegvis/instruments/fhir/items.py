"""Read the items of a FHIR Questionnaire into the JSON form of a definition.

Everything that cannot be represented is noted, item by item, in ``unsupported``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..messages import text
from . import known
from .common import (
    CALCULATED,
    ITEM_CONTROL,
    MAX_VALUE,
    MIN_VALUE,
    SCORE_EXTENSIONS,
    STEGVIS_BETWEEN,
    STEGVIS_SCORING,
    extension_value,
    number,
    short,
    translations,
)
from .expressions import VARIABLE

if TYPE_CHECKING:  # fhir.resources is slow to import; the code imports it where it parses
    from fhir.resources.R4B.questionnaire import Questionnaire

HANDLED = {
    *SCORE_EXTENSIONS,
    MIN_VALUE,
    MAX_VALUE,
    ITEM_CONTROL,
    CALCULATED,
    STEGVIS_SCORING,
    STEGVIS_BETWEEN,
    VARIABLE,  # read for the calculated sums (expressions.py)
}
SIMPLE_TYPES = {
    "integer": "integer",
    "decimal": "decimal",
    "string": "text",
    "text": "text",
    "date": "date",
    "display": "display",
    "group": "group",
}


class ItemReader:
    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self.unsupported: list[dict[str, Any]] = []
        primary = (q.language or "en").split("-")[0].lower()
        self.primary = primary if primary in ("sv", "en") else "en"
        self.value_sets = {
            f"#{r.id}": r for r in (q.contained or []) if r.get_resource_type() == "ValueSet"
        }
        self.codes: set[str] = set()
        self.untranslated = {"sv": 0, "en": 0}

    def note(self, link: str | None, feature: str, sv: str, en: str) -> None:
        self.unsupported.append({"linkId": link, "feature": feature, "message": text(sv, en)})

    def texts(self, value: str | None, ext: Any, fallback: str) -> dict[str, str]:
        found = translations(ext)
        if value:
            found.setdefault(self.primary, value)
        for lang in self.untranslated:
            if found and lang not in found:
                self.untranslated[lang] += 1
        sv = found.get("sv") or found.get("en") or value or fallback
        en = found.get("en") or found.get("sv") or value or fallback
        return {"sv": sv, "en": en}

    def extensions(self, element: Any, link: str | None) -> None:
        found = list(element.extension or [])
        for opt in getattr(element, "answerOption", None) or []:
            found.extend(opt.extension or [])
        seen: set[str] = set()
        for ext in found:
            if ext.url == ITEM_CONTROL and ext.valueCodeableConcept:
                for c in ext.valueCodeableConcept.coding or []:
                    if c.code not in ("slider", "help"):
                        self.note(
                            link,
                            f"itemControl {c.code}",
                            f"Visningssättet {c.code} används inte; Stegvis väljer "
                            "själv hur frågan visas.",
                            f"Display control {c.code} is "
                            "not used; Stegvis chooses how the item is shown.",
                        )
            if ext.url not in HANDLED and ext.url not in seen:
                seen.add(ext.url)
                self.note(
                    link,
                    f"extension {short(ext.url)}",
                    f"Tillägget {ext.url} stöds inte och har inte importerats.",
                    f"Extension {ext.url} is not supported and was not imported.",
                )
        for name in ("initial", "prefix", "maxLength", "definition"):
            if getattr(element, name, None):
                self.note(
                    link,
                    name,
                    f"{name} stöds inte och har inte importerats.",
                    f"{name} is not supported and was not imported.",
                )
        if getattr(element, "readOnly", None):
            self.note(link, "readOnly", "readOnly stöds inte.", "readOnly is not supported.")

    def items(self, items: list | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for item in items or []:
            built = self.item(item)
            if built is not None:
                after = built.pop("_after", [])
                out.extend([built, *after])
        return out

    def item(self, item: Any) -> dict[str, Any] | None:
        link = item.linkId
        if item.modifierExtension:
            # A modifier extension changes the item's meaning; FHIR says not to guess.
            self.note(
                link,
                "modifierExtension",
                "Frågan har ett modifierande tillägg som inte stöds; den har inte importerats.",
                "The item has an unsupported modifier extension; it was not imported.",
            )
            return None
        codes = [
            {"code": c.code, **({"system": c.system} if c.system else {})}
            for c in item.code or []
            if c.code
        ]
        self.codes.update(c["code"] for c in codes)
        if self._calculated(item, codes):
            return None
        kind = self.kind(item)
        if kind is None:
            self.note(
                link,
                f"type {item.type}",
                f"Frågetypen {item.type} stöds inte; frågan har inte importerats.",
                f"Item type {item.type} is not supported; the item was not imported.",
            )
            return None
        self.extensions(item, link)
        out: dict[str, Any] = {
            "linkId": link,
            "type": kind,
            "text": self.texts(item.text, item.text__ext, link),
        }
        if item.required and kind not in ("group", "display"):
            out["required"] = True
        if codes:
            out["codes"] = codes
        if not self._add_answer_rules(out, item, kind):
            return None
        if item.enableWhen:
            out["enableWhen"] = [c for c in (self.condition(link, w) for w in item.enableWhen) if c]
            if item.enableBehavior == "any":
                out["enableBehavior"] = "any"
        return out if self._add_help_and_children(out, item, kind) else None

    def _calculated(self, item: Any, codes: list[dict[str, str]]) -> bool:
        """Whether the item is a calculated total (left out, with a note): Stegvis scores."""
        is_total = any(c["code"] in known.TOTAL_CODES for c in codes)
        if not (has_calculated_expression(item) or is_total):
            return False
        self.note(
            item.linkId,
            "calculatedExpression",
            "Beräknat värde: frågan ställs inte, Stegvis räknar poäng själv (en summa av "
            "frågornas poäng blir en skala).",
            "Calculated value: the item is not asked, Stegvis computes scores itself (a sum "
            "of item scores becomes a scale).",
        )
        return True

    def _add_answer_rules(self, out: dict[str, Any], item: Any, kind: str) -> bool:
        """Add the options or number limits; False when a choice item has no usable option."""
        if kind in ("choice", "multichoice"):
            out["options"] = self.options(item)
            if not out["options"]:
                self.note(
                    item.linkId,
                    "no options",
                    "Valfrågan har inga alternativ som kunde "
                    "importeras; frågan har inte importerats.",
                    "The choice item has no "
                    "options that could be imported; the item was not imported.",
                )
                return False
        if kind in ("integer", "decimal", "slider"):
            for name, url in (("min", MIN_VALUE), ("max", MAX_VALUE)):
                value = number(extension_value(item, url))
                if value is not None:
                    out[name] = value
        return True

    def _add_help_and_children(self, out: dict[str, Any], item: Any, kind: str) -> bool:
        """Add the help text and the items under this one; False for a group left empty."""
        link = item.linkId
        helps = [c for c in item.item or [] if is_help(c)]
        if helps and kind != "display":
            first = helps[0]
            out["help"] = self.texts(first.text, first.text__ext, link)
        children = self.items([c for c in item.item or [] if c not in helps])
        if kind == "group":
            if not children:
                self.note(
                    link,
                    "empty group",
                    "Gruppen har inga frågor som kunde importeras; den har inte importerats.",
                    "The group has no items that could be imported; it was not imported.",
                )
                return False
            out["items"] = children
        elif children:
            # A question with follow-up questions under it: they follow it at the same level.
            out["_after"] = children
            self.note(
                link,
                "nested items",
                "Frågor under en fråga stöds inte; de har lagts direkt efter frågan.",
                "Items nested under a question are not "
                "supported; they were placed right after the question.",
            )
        return True

    def kind(self, item: Any) -> str | None:
        if item.type in ("choice", "open-choice"):
            if item.type == "open-choice":
                self.note(
                    item.linkId,
                    "open-choice",
                    "Fritt svar vid sidan av alternativen stöds "
                    "inte; bara alternativen har importerats.",
                    "A free answer beside the "
                    "options is not supported; only the options were imported.",
                )
            return "multichoice" if item.repeats else "choice"
        if item.type == "integer" and any(
            c.code == "slider"
            for e in item.extension or []
            if e.url == ITEM_CONTROL
            for c in (e.valueCodeableConcept.coding if e.valueCodeableConcept else [])
        ):
            return "slider"
        if item.repeats and item.type not in ("group", "display"):
            self.note(
                item.linkId,
                "repeats",
                "Upprepade svar stöds bara för val; ett svar tas emot.",
                "Repeated answers are supported for choices only; one answer is taken.",
            )
        return SIMPLE_TYPES.get(item.type)

    def options(self, item: Any) -> list[dict[str, Any]]:
        link = item.linkId
        if item.answerValueSet:
            return self.value_set_options(link, item.answerValueSet)
        out = []
        for opt in item.answerOption or []:
            coding = opt.valueCoding
            value = opt.valueString if opt.valueString is not None else opt.valueInteger
            if coding is not None and coding.code:
                code, label = (
                    coding.code,
                    self.texts(coding.display, coding.display__ext, coding.code),
                )
                score = extension_value(opt, SCORE_EXTENSIONS)
                if score is None:
                    score = extension_value(coding, SCORE_EXTENSIONS)
            elif value is not None:
                code, label = str(value), {"sv": str(value), "en": str(value)}
                score = extension_value(opt, SCORE_EXTENSIONS)
            else:
                self.note(
                    link,
                    "answerOption",
                    "Ett alternativ utan kod eller text stöds inte.",
                    "An option without a code or text is not supported.",
                )
                continue
            option = {"code": code, "label": label}
            if score is not None:
                option["score"] = number(score)
            if any(e.url == STEGVIS_BETWEEN and e.valueBoolean for e in opt.extension or []):
                option["between"] = True
            out.append(option)
        return out

    def value_set_options(self, link: str, ref: str) -> list[dict[str, Any]]:
        vs = self.value_sets.get(ref)
        if vs is None:
            self.note(
                link,
                "answerValueSet",
                f"Värdemängden {ref} finns inte i filen och kan inte hämtas.",
                f"Value set {ref} is not in the file and cannot be fetched.",
            )
            return []
        out = []
        for include in (vs.compose.include if vs.compose else []) or []:
            for concept in include.concept or []:
                option = {
                    "code": concept.code,
                    "label": self.texts(concept.display, concept.display__ext, concept.code),
                }
                score = extension_value(concept, SCORE_EXTENSIONS)
                if score is not None:
                    option["score"] = number(score)
                out.append(option)
        return out

    def condition(self, link: str, when: Any) -> dict[str, Any] | None:
        value: Any = None
        for name in ("answerBoolean", "answerInteger", "answerDecimal", "answerString"):
            if getattr(when, name) is not None:
                value = getattr(when, name)
        if when.answerCoding is not None:
            value = when.answerCoding.code
        elif when.answerDate is not None:
            value = when.answerDate.isoformat()
        if value is None or when.operator not in ("exists", "=", "!=", ">", ">=", "<", "<="):
            self.note(
                link,
                "enableWhen",
                f"Villkoret på {when.question} kunde inte importeras; frågan visas alltid.",
                f"The condition on {when.question} could not be "
                "imported; the item is always shown.",
            )
            return None
        if when.operator != "exists" and isinstance(value, bool):
            self.note(
                link,
                "enableWhen",
                "Villkor på ja/nej-frågor stöds inte; frågan visas alltid.",
                "Conditions on yes/no items are not supported; the item is always shown.",
            )
            return None
        return {
            "item": when.question,
            "operator": when.operator,
            "value": number(value) if not isinstance(value, str | bool) else value,
        }


def has_calculated_expression(item: Any) -> bool:
    return any(e.url == CALCULATED and e.valueExpression is not None for e in item.extension or [])


def is_help(item: Any) -> bool:
    """Whether ``item`` is a display item holding its parent's help text (itemControl help)."""
    return item.type == "display" and any(
        c.code == "help"
        for e in item.extension or []
        if e.url == ITEM_CONTROL
        for c in (e.valueCodeableConcept.coding if e.valueCodeableConcept else [])
    )
