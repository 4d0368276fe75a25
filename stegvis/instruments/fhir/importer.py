"""Import a FHIR R4 Questionnaire (JSON) as a Stegvis definition.

Parsing is done by ``fhir.resources`` (R4B models). What cannot be imported is listed item by
item in ``ImportResult.unsupported``; nothing is dropped without a note.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..definition import DefinitionError, load_definition
from ..library import BUILTIN_KEYS
from ..messages import Text, text
from ..schema import Definition
from . import known
from .calculated import Scales
from .common import (
    STEGVIS,
    STEGVIS_KEY_SYSTEM,
    STEGVIS_SCORING,
    extension_value,
)
from .expressions import calculations
from .items import ItemReader
from .lenient import Broken, LenientParse

if TYPE_CHECKING:  # fhir.resources is slow to import; the code imports it where it parses
    from fhir.resources.R4B.questionnaire import Questionnaire


class FhirImportError(ValueError):
    """The file is not a usable FHIR Questionnaire; ``message`` says why, in sv and en."""

    def __init__(self, message: Text, problems: list | None = None):
        self.message = message
        self.problems = problems or []
        super().__init__(message["en"])


@dataclass
class ImportResult:
    definition: Definition
    unsupported: list[dict[str, Any]] = field(default_factory=list)
    recognised: str | None = None
    # Harmless problems repaired on reading (an Expression name like q1_value, a missing
    # status, ...), each with linkId, feature and message like `unsupported`.
    adjusted: list[dict[str, Any]] = field(default_factory=list)
    # The calculated sums that became scales: linkId, scale id, the items summed.
    calculations: list[dict[str, Any]] = field(default_factory=list)


def _walk(items: list[dict[str, Any]]):
    for item in items:
        yield item
        yield from _walk(item.get("items", []))


def _slug(value: str) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", value.lower()).strip("-._")[:64]
    return slug or "fhir-questionnaire"


def _provenance(q: Questionnaire) -> str:
    where = q.url or q.id or ""
    who = f" ({q.publisher})" if q.publisher else ""
    return f"Imported from FHIR Questionnaire {where}{who}".replace("  ", " ").strip()


def questionnaire_from_fhir(data: Any) -> ImportResult:
    """Import a FHIR R4 Questionnaire (a dict or JSON text) as a checked definition.

    Raise ``FhirImportError`` if it is not a Questionnaire, is not valid FHIR, or gives a
    definition that breaks a rule. Everything left out is listed in ``unsupported``.
    """
    parser = _parse(data)
    q = parser.q
    imp = ItemReader(q)
    imp.unsupported.extend(parser.unsupported)
    imp.extensions(q, None)
    items = imp.items(q.item)
    _drop_conditions_on_missing_items(imp, items)
    stegvis_key = next(
        (i.value for i in q.identifier or [] if i.system == STEGVIS_KEY_SYSTEM), None
    )
    key = stegvis_key or _slug(q.id or q.name or q.title or "")
    if not stegvis_key and key in BUILTIN_KEYS:
        key = f"fhir-{key}"
    codes = [
        {"code": c.code, **({"system": c.system} if c.system else {})}
        for c in q.code or []
        if c.code
    ]
    definition: dict[str, Any] = {
        "key": key,
        "version": q.version or "1",
        "title": imp.texts(q.title or q.name, q.title__ext if q.title else None, key),
        "source": (q.description or "") if stegvis_key else _provenance(q),
        "licence": q.copyright or "",
        "items": items,
    }
    if q.url and q.url != f"{STEGVIS}/Questionnaire/{key}":
        definition["url"] = q.url
    if codes:
        definition["codes"] = codes
    recognised, used = None, []
    own = extension_value(q, STEGVIS_SCORING)
    if own:
        definition["scoring"] = json.loads(own)
    elif not stegvis_key:  # Stegvis's own export carries all of its scoring, or none.
        scales = Scales(calculations(q, parser.renamed), items, imp, _kinds(q.item))
        scoring, recognised, used = _derived_scoring(q, imp, items, codes, scales)
        if scoring:
            definition["scoring"] = scoring
    _note_untranslated(imp)
    return ImportResult(_checked(definition), imp.unsupported, recognised, parser.adjusted, used)


def _kinds(items: list | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        out[item.linkId] = item.type
        out.update(_kinds(item.item))
    return out


def _parse(data: Any) -> LenientParse:
    """The FHIR Questionnaire in `data` read leniently (``.q``), or ``FhirImportError``."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise FhirImportError(
                text(f"Filen är inte giltig JSON: {exc}", f"The file is not valid JSON: {exc}")
            ) from exc
    if not isinstance(data, dict) or data.get("resourceType") != "Questionnaire":
        raise FhirImportError(
            text(
                "Filen är inte en FHIR Questionnaire (resourceType).",
                "The file is not a FHIR Questionnaire (resourceType).",
            )
        )
    parser = LenientParse(data)
    try:
        q = parser.q = parser.parse()
    except Broken as exc:
        raise FhirImportError(exc.message) from exc
    if q.modifierExtension:
        raise FhirImportError(
            text(
                "Formuläret har ett modifierande tillägg (modifierExtension) som inte stöds.",
                "The questionnaire has an unsupported modifier extension (modifierExtension).",
            )
        )
    return parser


def _drop_conditions_on_missing_items(imp: ItemReader, items: list[dict[str, Any]]) -> None:
    """Remove (with a note) the enableWhen conditions on items that were not imported."""
    imported = {i["linkId"] for i in _walk(items)}
    for item in _walk(items):
        kept = [c for c in item.get("enableWhen", []) if c["item"] in imported]
        for cond in item.get("enableWhen", []):
            if cond["item"] not in imported:
                imp.note(
                    item["linkId"],
                    "enableWhen",
                    f"Villkoret gäller {cond['item']}, som inte importerades; det har tagits bort.",
                    f"The condition is on {cond['item']}, which was not imported; it was removed.",
                )
        if "enableWhen" in item:
            if kept:
                item["enableWhen"] = kept
            else:
                item.pop("enableWhen")
                item.pop("enableBehavior", None)


def _note_untranslated(imp: ItemReader) -> None:
    for lang, count in imp.untranslated.items():
        if count:
            other = "engelska" if lang == "sv" else "svenska"
            other_en = "English" if lang == "sv" else "Swedish"
            name_sv = "svenska" if lang == "sv" else "engelska"
            name_en = "Swedish" if lang == "sv" else "English"
            imp.note(
                None,
                f"no {lang} text",
                f"{count} texter saknar {name_sv}; den {other} texten används tills de översätts.",
                f"{count} texts have no {name_en}; the {other_en} text is used until translated.",
            )


def _derived_scoring(
    q: Questionnaire,
    imp: ItemReader,
    items: list[dict[str, Any]],
    codes: list[dict[str, str]],
    scales: Scales,
) -> tuple[dict[str, Any] | None, str | None, list[dict[str, Any]]]:
    """Scoring for a foreign questionnaire: a known instrument's rules, else its calculated
    sums, else (when it has no calculation) a plain sum of the scored items.

    Returns the scoring (None when nothing is scored), the recognised instrument's key and
    the calculations used.
    """
    scored = [
        i
        for i in _walk(items)
        if i.get("options") and all(o.get("score") is not None for o in i["options"])
    ]
    all_codes = (
        imp.codes | {c["code"] for c in codes} | {i.value for i in q.identifier or [] if i.value}
    )
    recognised = known.recognise(all_codes)
    scoring = None
    if recognised:
        scoring, why = known.adopt_rules(recognised, scored)
        if scoring is None:
            imp.note(
                None,
                "recognition",
                f"Liknar {recognised} men kunde inte kopplas till "
                f"biblioteket ({why}); band och larm saknas.",
                f"Looks like "
                f"{recognised} but could not be matched to the library ({why}); no "
                "bands or alerts.",
            )
            recognised = None
    used: list[dict[str, Any]] = []
    if scoring is None and scales.calcs:
        scoring, used = scales.scoring()
    elif scoring is None and scored:
        scoring = {
            "total": {
                "id": "total",
                "label": {"sv": "Totalpoäng", "en": "Total score"},
                "items": [i["linkId"] for i in scored],
                "method": "sum",
                "missing": {"rule": "invalid"},
            }
        }
    return scoring, recognised, used


def _checked(definition: dict[str, Any]) -> Definition:
    try:
        return load_definition(definition)
    except DefinitionError as exc:
        raise FhirImportError(
            text(
                "Formuläret bryter mot reglerna för en definition: "
                + "; ".join(p.message["sv"] for p in exc.problems),
                "The questionnaire breaks the rules for a definition: "
                + "; ".join(p.message["en"] for p in exc.problems),
            ),
            exc.problems,
        ) from exc
