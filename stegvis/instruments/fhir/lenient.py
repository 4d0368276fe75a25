"""Parse a real-world FHIR Questionnaire: repair what is harmless, refuse what is broken.

Files from form tools and implementation guides often break one of R4B's strict patterns in a
way that changes nothing for an import: an ``Expression.name`` such as ``q1_value`` (R4 types
it ``id``, which has no underscore; R5 made it a ``code``), a resource id with an underscore,
a code with a trailing space, an empty string, a missing ``status``, an R5 element. Those are
repaired on a copy of the data and listed in ``adjusted``; elements that are left out are
listed in ``unsupported`` with their item. What remains invalid refuses the file, with the
place named by item linkId.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..messages import Text, text

if TYPE_CHECKING:  # fhir.resources is slow to import; the code imports it where it parses
    from fhir.resources.R4B.questionnaire import Questionnaire

ID_PATTERN = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
MAX_ROUNDS = 8
# Top-level elements the importer never reads: an invalid value there is dropped, not fatal.
IGNORED_TOP = {
    "meta",
    "text",
    "date",
    "approvalDate",
    "lastReviewDate",
    "effectivePeriod",
    "contact",
    "useContext",
    "jurisdiction",
    "purpose",
    "implicitRules",
    "derivedFrom",
    "experimental",
}
# R5 item.answerConstraint → the R4 item type of an R5 "coding" item.
R5_CODING = {
    "optionsOnly": "choice",
    "optionsOrType": "open-choice",
    "optionsOrString": "open-choice",
}


class Broken(ValueError):
    """The file cannot be read as a Questionnaire; ``message`` says where and why (sv, en)."""

    def __init__(self, message: Text):
        self.message = message
        super().__init__(message["en"])


def _note(link: str | None, feature: str, sv: str, en: str) -> dict[str, Any]:
    return {"linkId": link, "feature": feature, "message": text(sv, en)}


class LenientParse:
    """Validate ``data`` with fhir.resources, repairing harmless problems round by round."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = copy.deepcopy(data)
        self.adjusted: list[dict[str, Any]] = []
        self.unsupported: list[dict[str, Any]] = []
        # Expression names changed to valid ids → the file's own names (expressions use them).
        self.renamed: dict[str, str] = {}
        self.q: Questionnaire | None = None

    def parse(self) -> Questionnaire:
        # fhir.resources is slow to import: load it when a resource is built
        from fhir.resources.R4B.questionnaire import Questionnaire

        self.data = _drop_empty(self.data) or {}
        self.data["resourceType"] = "Questionnaire"
        self._r5_items(self.data.get("item"))
        for _ in range(MAX_ROUNDS):
            try:
                return Questionnaire.model_validate(self.data)
            except ValidationError as exc:
                errors = exc.errors()
                unrepaired = [e for e in errors if not self._repair(e)]
                if unrepaired:
                    raise Broken(self._describe(unrepaired)) from exc
        raise Broken(text("Formuläret kunde inte läsas.", "The questionnaire could not be read."))

    # Repairs, each for one kind of validation error.

    def _repair(self, error: dict[str, Any]) -> bool:
        loc = tuple(error["loc"])
        kind = error["type"]
        if not loc:
            return False
        if loc == ("status",) and "missing" in kind:
            self.data["status"] = "draft"
            self.adjusted.append(
                _note(
                    None,
                    "status",
                    "Formuläret saknar status; det lästes som utkast (draft).",
                    "The questionnaire has no status; it was read as a draft.",
                )
            )
            return True
        if loc[0] in IGNORED_TOP and len(loc) >= 1:
            self.data.pop(loc[0], None)
            self.adjusted.append(
                _note(
                    None,
                    loc[0],
                    f"{loc[0]} var ogiltigt och används inte av Stegvis; det lästes inte.",
                    f"{loc[0]} was invalid and is not used by Stegvis; it was not read.",
                )
            )
            return True
        parent, last = self._locate(loc)
        if parent is None:
            return False
        link = self._link_of(loc)
        if kind == "extra_forbidden":
            parent.pop(last, None)
            self.unsupported.append(
                _note(
                    link,
                    f"element {last}",
                    f"{last} finns inte i FHIR R4 och har inte importerats.",
                    f"{last} is not part of FHIR R4 and was not imported.",
                )
            )
            return True
        if kind in ("string_pattern_mismatch", "string_too_long") and isinstance(
            parent.get(last), str
        ):
            return self._repair_pattern(loc, parent, last, link)
        return self._drop_bad_extension(loc, link)

    def _repair_pattern(self, loc: tuple, parent: dict, last: Any, link: str | None) -> bool:
        value = parent[last]
        if last == "id" or (last == "name" and len(loc) >= 2 and loc[-2] == "valueExpression"):
            fixed = re.sub(r"[^A-Za-z0-9\-.]", "-", value)[:64] or "x"
            if last == "id" and len(loc) == 3 and loc[0] == "contained":
                _replace_reference(self.data, f"#{value}", f"#{fixed}")
            what = "Expression.name" if last == "name" else ".".join(map(str, loc))
            if last == "name":
                while fixed in self.renamed and self.renamed[fixed] != value:
                    fixed = f"{fixed[:60]}-{len(self.renamed)}"
                self.renamed[fixed] = value
            parent[last] = fixed
            self.adjusted.append(
                _note(
                    link,
                    what,
                    f"{value!r} är inte ett giltigt FHIR-id; det lästes som {fixed!r}. "
                    "Det påverkar inte importen.",
                    f"{value!r} is not a valid FHIR id; it was read as {fixed!r}. "
                    "This does not affect the import.",
                )
            )
            return True
        fixed = " ".join(value.split())
        if fixed and fixed != value:
            parent[last] = fixed
            self.adjusted.append(
                _note(
                    link,
                    str(last),
                    f"Blanktecken runt {value.strip()!r} togs bort.",
                    f"White space around {value.strip()!r} was removed.",
                )
            )
            return True
        return False

    def _drop_bad_extension(self, loc: tuple, link: str | None) -> bool:
        """Drop an invalid extension the importer does not read (it would be reported anyway)."""
        from .items import HANDLED  # items imports this module's callers, not this module

        for depth in range(len(loc) - 1, 0, -1):
            if loc[depth - 1] in ("extension", "modifierExtension") and isinstance(loc[depth], int):
                if loc[depth - 1] == "modifierExtension":
                    return False
                owner, _ = self._locate((*loc[: depth - 1], "extension"))
                extensions = owner.get("extension") if owner else None
                if not isinstance(extensions, list) or loc[depth] >= len(extensions):
                    return False
                url = str(extensions[loc[depth]].get("url", ""))
                if url in HANDLED:
                    return False
                del extensions[loc[depth]]
                self.unsupported.append(
                    _note(
                        link,
                        f"extension {url.rsplit('/', 1)[-1]}",
                        f"Tillägget {url} är ogiltigt och har inte importerats.",
                        f"Extension {url} is invalid and was not imported.",
                    )
                )
                return True
        return False

    def _r5_items(self, items: Any) -> None:
        """Read R5's ``coding`` items (with ``answerConstraint``) as R4 choice items."""
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            constraint = item.pop("answerConstraint", None)
            if item.get("type") == "coding":
                item["type"] = R5_CODING.get(constraint, "choice")
                self.adjusted.append(
                    _note(
                        item.get("linkId"),
                        "type coding",
                        f"R5-typen coding lästes som {item['type']} (FHIR R4).",
                        f"The R5 type coding was read as {item['type']} (FHIR R4).",
                    )
                )
            self._r5_items(item.get("item"))

    # Where an error is.

    def _locate(self, loc: tuple) -> tuple[Any, Any]:
        node: Any = self.data
        for step in loc[:-1]:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return None, None
        return (node, loc[-1]) if isinstance(node, dict) else (None, None)

    def _link_of(self, loc: tuple) -> str | None:
        """The linkId of the innermost item on the path ``loc``, if any."""
        node: Any = self.data
        link = None
        for step in loc:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, dict) and isinstance(node.get("linkId"), str):
                link = node["linkId"]
        return link

    def _describe(self, errors: list[dict[str, Any]]) -> Text:
        places = []
        for e in errors[:5]:
            loc = tuple(e["loc"])
            link = self._link_of(loc)
            where = ".".join(str(p) for p in loc)
            places.append((f"item {link}: " if link else "") + f"{where}: {e['msg']}")
        joined = "; ".join(places)
        return text(
            f"Ogiltig FHIR Questionnaire: {joined}", f"Invalid FHIR Questionnaire: {joined}"
        )


def _drop_empty(value: Any) -> Any:
    """Remove empty strings, nulls, empty lists and objects (FHIR forbids them; harmless)."""
    if isinstance(value, dict):
        out = {
            k: v
            # A primitive array's "_x" twin is positional: its nulls stay.
            for k, v in ((k, v if k.startswith("_") else _drop_empty(v)) for k, v in value.items())
            if v is not None
        }
        return out or None
    if isinstance(value, list):
        out = [v for v in (_drop_empty(v) for v in value) if v is not None]
        return out or None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _replace_reference(value: Any, old: str, new: str) -> None:
    """Point every reference ``old`` (a contained resource, ``#id``) at ``new``."""
    if isinstance(value, dict):
        for key, child in value.items():
            if child == old and key in ("answerValueSet", "reference", "valueCanonical"):
                value[key] = new
            else:
                _replace_reference(child, old, new)
    elif isinstance(value, list):
        for child in value:
            _replace_reference(child, old, new)
