"""QuestionnaireResponse in and out: answers from FHIR, a scored response to FHIR."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from ..messages import text
from ..schema import CHOICE_TYPES, Definition, Item
from ..scoring import ScoreResult
from .common import STEGVIS_BAND_SYSTEM, STEGVIS_SCORE, number
from .exporter import canonical_url
from .importer import FhirImportError


def answers_from_fhir_response(definition: Definition, data: Any) -> dict[str, Any]:
    """Read the answers of a FHIR QuestionnaireResponse (dict or JSON) as linkId -> value.

    A choice answered with valueCoding gives its code; one answered with a number gives the
    option with that score (as in the plain format). Unknown linkIds are kept, so that
    ``check_answers`` reports them.
    """
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    if isinstance(data, str | bytes):
        data = json.loads(data)
    try:
        qr = QuestionnaireResponse.model_validate(data)
    except ValidationError as exc:
        first = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise FhirImportError(
            text(
                f"Ogiltig FHIR QuestionnaireResponse: {first}",
                f"Invalid FHIR QuestionnaireResponse: {first}",
            )
        ) from exc
    out: dict[str, Any] = {}

    def visit(items):
        for item in items or []:
            values = []
            for answer in item.answer or []:
                values.append(_value(answer))
                visit(answer.item)
            visit(item.item)
            if values:
                target = definition.item(item.linkId)
                many = target is not None and target.type == "multichoice"
                out[item.linkId] = values if many else values[0]

    visit(qr.item)
    from ..responses import answers_from_plain

    return answers_from_plain(definition, out)


def _value(answer: Any) -> Any:
    if answer.valueCoding is not None:
        return answer.valueCoding.code
    for name in ("valueInteger", "valueDecimal"):
        value = getattr(answer, name)
        if value is not None:
            return number(value)
    if answer.valueDate is not None:
        return answer.valueDate.isoformat()
    for name in ("valueString", "valueBoolean", "valueUri"):
        value = getattr(answer, name)
        if value is not None:
            return value
    return None


def _answers(item: Item, value: Any) -> list[dict[str, Any]]:
    if item.type in CHOICE_TYPES:
        out = []
        for code in value if isinstance(value, list) else [value]:
            option = item.option(code)
            out.append({"valueCoding": {"code": code, "display": option.label["sv"]}})
        return out
    if item.type in ("integer", "slider"):
        return [{"valueInteger": int(value)}]
    if item.type == "decimal":
        return [{"valueDecimal": value}]
    if item.type == "date":
        return [{"valueDate": value}]
    return [{"valueString": value}]


def _items(items: tuple[Item, ...], answers: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if item.type == "group":
            children = _items(item.items, answers)
            if children:
                out.append({"linkId": item.link_id, "text": item.text["sv"], "item": children})
            continue
        value = answers.get(item.link_id)
        if item.answerable and value not in (None, "", []):
            out.append(
                {"linkId": item.link_id, "text": item.text["sv"], "answer": _answers(item, value)}
            )
    return out


def _score_extension(result: ScoreResult) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [
        {"url": "instrument", "valueString": result.instrument},
        {"url": "version", "valueString": result.version},
    ]
    if result.total is not None:
        parts.append({"url": "total", "valueDecimal": result.total})
    if result.band:
        parts.append(
            {
                "url": "band",
                "valueCoding": {
                    "system": STEGVIS_BAND_SYSTEM,
                    "code": result.band["code"],
                    "display": result.band["label"]["sv"],
                },
            }
        )
        parts.append({"url": "bandLevel", "valueInteger": result.band["level"]})
    for scale, sub in result.subscales.items():
        if sub.value is not None:
            parts.append(
                {
                    "url": "subscale",
                    "extension": [
                        {"url": "id", "valueString": scale},
                        {"url": "value", "valueDecimal": sub.value},
                    ],
                }
            )
    if result.index is not None:
        parts.append({"url": "index", "valueDecimal": result.index})
        parts.append({"url": "valueSet", "valueCode": result.value_set})
        parts.append({"url": "profile", "valueString": result.profile})
    for alert in result.alerts:
        parts.append(
            {
                "url": "alert",
                "extension": [
                    {"url": "level", "valueCode": alert["level"]},
                    {
                        "url": "item" if alert["item"] else "scale",
                        "valueString": alert["item"] or alert["scale"],
                    },
                    {"url": "message", "valueString": alert["message"]["sv"]},
                ],
            }
        )
    return {"url": STEGVIS_SCORE, "extension": parts}


def response_to_fhir(
    definition: Definition,
    answers: dict[str, Any],
    result: ScoreResult | None = None,
    *,
    authored: str | None = None,
) -> dict[str, Any]:
    """Return the answers (and their score, if given) as a FHIR R4 QuestionnaireResponse."""
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    data = response_data(definition, answers, result, authored=authored)
    model = QuestionnaireResponse.model_validate(data)
    return model.model_dump(mode="json", exclude_none=True, by_alias=True)


def response_data(
    definition: Definition,
    answers: dict[str, Any],
    result: ScoreResult | None = None,
    *,
    authored: str | None = None,
) -> dict[str, Any]:
    """`response_to_fhir`'s resource before it is validated, for a caller that adds to it and
    validates the whole once (the API's search: validating and dumping twice was most of its
    time)."""
    complete = result.complete if result is not None else False
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "language": "sv",
        "questionnaire": f"{canonical_url(definition)}|{definition.version}",
        "status": "completed" if complete else "in-progress",
    }
    items = _items(definition.items, answers)
    if items:  # FHIR has no empty arrays (a response begun with nothing answered yet)
        data["item"] = items
    if authored:
        data["authored"] = authored
    if result is not None:
        data["extension"] = [_score_extension(result)]
    return data
