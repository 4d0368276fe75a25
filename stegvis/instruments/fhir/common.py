"""Extension URLs and small helpers shared by FHIR import and export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
CO_VALUE = "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value"
SCORE_EXTENSIONS = (ORDINAL, ITEM_WEIGHT, CO_VALUE)
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"

STEGVIS = "https://stegvis.se/fhir"
STEGVIS_SCORING = f"{STEGVIS}/StructureDefinition/instrument-scoring"
STEGVIS_SCORE = f"{STEGVIS}/StructureDefinition/instrument-score"
STEGVIS_KEY_SYSTEM = f"{STEGVIS}/instrument"
STEGVIS_BAND_SYSTEM = f"{STEGVIS}/CodeSystem/severity-band"
# An answer option that is a step between two described steps (shown by its number only).
STEGVIS_BETWEEN = f"{STEGVIS}/StructureDefinition/option-between"


def number(value: Any) -> int | float | None:
    """Turn a FHIR decimal or integer into an int when whole, else a float."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal | float):
        return int(value) if value == int(value) else float(value)
    return int(value)


def extensions(element: Any, url: str) -> list[Any]:
    return [e for e in (getattr(element, "extension", None) or []) if e.url == url]


def extension_value(element: Any, urls: tuple[str, ...] | str) -> Any:
    """Return the value of the first extension with one of ``urls``, or None."""
    urls = (urls,) if isinstance(urls, str) else urls
    for ext in getattr(element, "extension", None) or []:
        if ext.url in urls:
            for name in ("valueDecimal", "valueInteger", "valueString", "valueCode"):
                value = getattr(ext, name, None)
                if value is not None:
                    return value
    return None


def translations(primitive_ext: Any) -> dict[str, str]:
    """Return {language: text} from the translation extensions on a primitive's ``_x``."""
    out: dict[str, str] = {}
    for ext in extensions(primitive_ext, TRANSLATION):
        parts = {e.url: (e.valueCode or e.valueString) for e in ext.extension or []}
        if parts.get("lang") and parts.get("content"):
            out[parts["lang"].split("-")[0].lower()] = parts["content"]
    return out


def translation(lang: str, content: str) -> dict[str, Any]:
    return {
        "url": TRANSLATION,
        "extension": [
            {"url": "lang", "valueCode": lang},
            {"url": "content", "valueString": content},
        ],
    }


def short(url: str) -> str:
    """Return the last part of an extension URL, for messages."""
    return url.rstrip("/").rsplit("/", 1)[-1]
