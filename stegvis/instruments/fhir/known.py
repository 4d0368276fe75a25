"""Recognise published PHQ-9 and GAD-7 questionnaires and give them the library's rules.

A FHIR Questionnaire carries item scores (ordinalValue) but not severity bands or clinical
alerts. When an imported questionnaire is a PHQ-9 or GAD-7 (by its LOINC panel code, or by
the LOINC code of its total-score item) and its scored items match the built-in ones, the
built-in bands, alert and missing-items rule are attached, mapped to the imported linkIds.
"""

from __future__ import annotations

from typing import Any

from ..library import builtin

KNOWN = {
    "phq9": {"panel": "44249-1", "total": "44261-6"},
    "gad7": {"panel": "69737-5", "total": "70274-6"},
}
TOTAL_CODES = {spec["total"]: key for key, spec in KNOWN.items()}


def recognise(codes: set[str]) -> str | None:
    """Return the built-in key whose panel or total LOINC code is among ``codes``."""
    for key, spec in KNOWN.items():
        if spec["panel"] in codes or spec["total"] in codes:
            return key
    return None


def adopt_rules(key: str, scored: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, str]:
    """Return built-in scoring mapped onto ``scored`` items, or None and the reason it failed."""
    reference = builtin(key)
    total = reference.scoring.total
    ref_items = [reference.item(link) for link in total.items]
    if len(scored) != len(ref_items):
        return None, f"{len(scored)} scored items, expected {len(ref_items)}"
    mapping: dict[str, str] = {}
    for ref, item in zip(ref_items, scored, strict=True):
        ref_scores = sorted(o.score for o in ref.options)
        scores = sorted(o.get("score") for o in item["options"] if o.get("score") is not None)
        if scores != ref_scores:
            return None, f"item {item['linkId']} scores {scores}, expected {ref_scores}"
        codes = {c["code"] for c in item.get("codes", [])}
        ref_codes = {c.code for c in ref.codes}
        if codes and ref_codes and not codes & ref_codes:
            return (
                None,
                f"item {item['linkId']} has LOINC {sorted(codes)}, expected {sorted(ref_codes)}",
            )
        mapping[ref.link_id] = item["linkId"]
    scoring = reference.scoring.to_dict()
    scoring["total"]["items"] = [mapping[link] for link in total.items]
    for alert in scoring.get("alerts", []):
        if alert.get("item"):
            alert["item"] = mapping[alert["item"]]
    return scoring, ""
