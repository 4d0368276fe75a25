"""Export a definition as a FHIR R4 Questionnaire.

Swedish is the primary language (``language: sv``) and English travels in the standard
translation extension. Item scores use ordinalValue; the rest of the scoring (scales, bands,
alerts, item rules, index), which FHIR has no element for, is kept in a Stegvis extension so
that a definition survives the round trip unchanged.
"""

from __future__ import annotations

import json
from typing import Any

from ..schema import CHOICE_TYPES, Definition, Item
from .common import (
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    MAX_VALUE,
    MIN_VALUE,
    ORDINAL,
    STEGVIS,
    STEGVIS_BETWEEN,
    STEGVIS_KEY_SYSTEM,
    STEGVIS_SCORING,
    translation,
)

HELP_SUFFIX = "-help"
FHIR_TYPES = {
    "choice": "choice",
    "multichoice": "choice",
    "integer": "integer",
    "slider": "integer",
    "decimal": "decimal",
    "text": "text",
    "date": "date",
    "display": "display",
    "group": "group",
}


def canonical_url(definition: Definition) -> str:
    return definition.url or f"{STEGVIS}/Questionnaire/{definition.key}"


def _texts(target: dict[str, Any], name: str, value: dict[str, str]) -> None:
    target[name] = value["sv"]
    target[f"_{name}"] = {"extension": [translation("en", value["en"])]}


def _number_ext(url: str, item: Item, value: Any) -> dict[str, Any]:
    kind = "valueDecimal" if item.type == "decimal" else "valueInteger"
    return {"url": url, kind: value}


def _condition(definition: Definition, cond) -> dict[str, Any]:
    out: dict[str, Any] = {"question": cond.item, "operator": cond.operator}
    target = definition.item(cond.item)
    if cond.operator == "exists":
        out["answerBoolean"] = cond.value
    elif target.type in CHOICE_TYPES:
        out["answerCoding"] = {"code": str(cond.value)}
    elif target.type == "date":
        out["answerDate"] = cond.value
    elif target.type == "decimal":
        out["answerDecimal"] = cond.value
    elif target.type in ("integer", "slider"):
        out["answerInteger"] = int(cond.value)
    else:
        out["answerString"] = cond.value
    return out


def _item(definition: Definition, item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"linkId": item.link_id, "type": FHIR_TYPES[item.type]}
    _texts(out, "text", item.text)
    extensions = []
    if item.codes:
        out["code"] = [c.to_dict() for c in item.codes]
    if item.required:
        out["required"] = True
    if item.type == "multichoice":
        out["repeats"] = True
    if item.type == "slider":
        extensions.append(
            {
                "url": ITEM_CONTROL,
                "valueCodeableConcept": {
                    "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "slider"}]
                },
            }
        )
    if item.min is not None:
        extensions.append(_number_ext(MIN_VALUE, item, item.min))
    if item.max is not None:
        extensions.append(_number_ext(MAX_VALUE, item, item.max))
    if extensions:
        out["extension"] = extensions
    if item.options:
        out["answerOption"] = []
        for option in item.options:
            coding: dict[str, Any] = {"code": option.code}
            _texts(coding, "display", option.label)
            entry: dict[str, Any] = {"valueCoding": coding}
            option_ext = []
            if option.score is not None:
                option_ext.append({"url": ORDINAL, "valueDecimal": option.score})
            if option.between:
                option_ext.append({"url": STEGVIS_BETWEEN, "valueBoolean": True})
            if option_ext:
                entry["extension"] = option_ext
            out["answerOption"].append(entry)
    if item.conditions:
        out["enableWhen"] = [_condition(definition, c) for c in item.conditions]
        out["enableBehavior"] = item.enable_behavior
    children = [_help_item(item)] if item.help else []
    children += [_item(definition, child) for child in item.items]
    if children:
        out["item"] = children
    return out


def _help_item(item: Item) -> dict[str, Any]:
    """The item's help text as FHIR's child display item with itemControl "help"."""
    out: dict[str, Any] = {"linkId": f"{item.link_id}{HELP_SUFFIX}", "type": "display"}
    _texts(out, "text", item.help)
    out["extension"] = [
        {
            "url": ITEM_CONTROL,
            "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]},
        }
    ]
    return out


def definition_to_fhir(definition: Definition) -> dict[str, Any]:
    """Return ``definition`` as a FHIR R4 Questionnaire (JSON-ready dict), checked by the model."""
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.questionnaire import Questionnaire

    data: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "language": "sv",
        "url": canonical_url(definition),
        "identifier": [{"system": STEGVIS_KEY_SYSTEM, "value": definition.key}],
        "version": definition.version,
        "status": "active",
    }
    _texts(data, "title", definition.title)
    if definition.source:
        data["description"] = definition.source
    if definition.licence:
        data["copyright"] = definition.licence
    if definition.codes:
        data["code"] = [c.to_dict() for c in definition.codes]
    scoring = definition.scoring.to_dict()
    if scoring:
        data["extension"] = [
            {
                "url": STEGVIS_SCORING,
                "valueString": json.dumps(scoring, ensure_ascii=False, sort_keys=True),
            }
        ]
    data["item"] = [_item(definition, item) for item in definition.items]
    return Questionnaire.model_validate(data).model_dump(
        mode="json", exclude_none=True, by_alias=True
    )
