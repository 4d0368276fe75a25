"""Turn the calculated sums of a FHIR Questionnaire into sum scales of the definition.

The largest sum becomes the total, every other one a subscale. A sum that uses an item
Stegvis did not import, or that cannot be read, gives no scale and is reported.
"""

from __future__ import annotations

import re
from typing import Any

from .expressions import Calculation

CHOICE = ("choice", "multichoice")
NUMERIC = ("integer", "decimal", "slider")


def _walk(items: list[dict[str, Any]]):
    for item in items:
        yield item
        yield from _walk(item.get("items", []))


class Unusable(ValueError):
    def __init__(self, sv: str, en: str) -> None:
        self.sv, self.en = sv, en
        super().__init__(en)


class Scales:
    """Resolve each calculation to the imported items it sums, noting what cannot be used."""

    def __init__(
        self,
        calcs: list[Calculation],
        items: list[dict[str, Any]],
        imp: Any,
        kinds: dict[str, str],
    ) -> None:
        self.kinds = kinds  # linkId → the FHIR item type, also of items left out
        self.calcs = {c.link: c for c in calcs}
        self.order = [c.link for c in calcs]
        self.items = {i["linkId"]: i for i in _walk(items)}
        self.imp = imp
        self.resolved: dict[str, list[str] | None] = {}

    def scoring(self) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """The scoring made from the sums (None when none is usable) and what was used."""
        usable = [(link, self.resolve(link)) for link in self.order]
        usable = [(link, items) for link, items in usable if items]
        if not usable:
            return None, []
        total = max(usable, key=lambda pair: len(pair[1]))
        scoring: dict[str, Any] = {
            "total": self._scale("total", total[0], self.calcs[total[0]].item)
        }
        report = [{"linkId": total[0], "scale": "total", "items": total[1]}]
        subscales, taken = [], {"total"}
        for link, items in usable:
            if link == total[0]:
                continue
            scale_id = _scale_id(link, taken)
            taken.add(scale_id)
            subscales.append(self._scale(scale_id, link, self.calcs[link].item))
            report.append({"linkId": link, "scale": scale_id, "items": items})
        if subscales:
            scoring["subscales"] = subscales
        return scoring, report

    def _scale(self, scale_id: str, link: str, item: Any) -> dict[str, Any]:
        items = self.resolved[link] or []
        label = (
            self.imp.texts(item.text, item.text__ext, item.linkId)
            if item is not None and item.text
            else {"sv": "Totalpoäng", "en": "Total score"}
        )
        return {
            "id": scale_id,
            "label": label,
            "items": items,
            "method": self.calcs[link].selection.method,
            "missing": {"rule": "invalid"},
        }

    def resolve(self, link: str, depth: int = 0) -> list[str] | None:
        """The imported items calculation ``link`` sums; None (with a note) if unusable."""
        if link in self.resolved:
            return self.resolved[link]
        self.resolved[link] = None  # a sum that reaches itself is unusable
        calc = self.calcs[link]
        try:
            if calc.selection is None:
                raise Unusable(
                    f"uttrycket kunde inte läsas ({calc.problem})",
                    f"the expression could not be read ({calc.problem})",
                )
            found = self._items(calc, depth)
        except Unusable as exc:
            self.imp.note(
                link,
                "calculatedExpression",
                f"Beräkningen är ingen summa som Stegvis kan läsa: {exc.sv}; "
                "ingen poäng skapades från den.",
                f"The calculation is not a sum Stegvis can read: {exc.en}; no score was made "
                "from it.",
            )
            return None
        if calc.selection.missing_zero:
            self.imp.note(
                link,
                "missing as 0",
                "Formuläret räknar obesvarade frågor som 0; Stegvis ger ingen poäng när en "
                "poänggivande fråga är obesvarad.",
                "The form counts unanswered items as 0; Stegvis gives no score when a scored "
                "item is unanswered.",
            )
        self.resolved[link] = found
        return found

    def _items(self, calc: Calculation, depth: int) -> list[str]:
        out: list[str] = []
        for link in calc.selection.links:
            item = self.items.get(link)
            if item is None and self.kinds.get(link) in ("choice", "open-choice"):
                raise Unusable(f"{link} importerades inte", f"{link} was not imported")
            if link in self.calcs or item is None:
                continue  # a calculated item, a help text or an unscored type adds nothing
            if item["type"] in CHOICE and any(o.get("score") is not None for o in item["options"]):
                out.append(link)
        for link in calc.selection.numeric:
            if link in self.calcs:
                inner = self.resolve(link, depth + 1) if depth < 10 else None
                if not inner or self.calcs[link].selection.method != "sum":
                    raise Unusable(
                        f"delsumman {link} kan inte användas", f"subtotal {link} is unusable"
                    )
                out.extend(x for x in inner if x not in out)
                continue
            item = self.items.get(link)
            if item is None:
                raise Unusable(f"{link} importerades inte", f"{link} was not imported")
            if item["type"] not in NUMERIC or item.get("min") is None or item.get("max") is None:
                raise Unusable(
                    f"{link} är inget tal med min och max",
                    f"{link} is not a number with min and max",
                )
            out.append(link)
        if not out:
            raise Unusable("den summerar ingen poänggivande fråga", "it sums no scored item")
        if calc.selection.method == "mixed":
            raise Unusable("den blandar medelvärden och summor", "it mixes means and sums")
        return out


def _scale_id(link: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9_-]+", "-", link.lower()).strip("-")[:48] or "subscale"
    scale_id, n = base, 2
    while scale_id in taken:
        scale_id, n = f"{base}-{n}", n + 1
    return scale_id
