"""Check a definition's ``scoring.change``: the published figures that say what a change means.

Every figure carries its source, so that a reader of an outcome report can look it up.
"""

from __future__ import annotations

from typing import Any

from .loader_items import is_number
from .schema import Change, Scale, Sourced

CHANGE_FIELDS = {"scale", "better", "reliability", "sd", "cutoff"}
FIGURE_FIELDS = {"value", "source"}
BETTER = {"lower": True, "higher": False}


def load_change(loader, raw: Any, scales: dict[str, Scale]) -> Change | None:
    """Return the checked ``Change`` or None (absent, or broken: the loader has the problems)."""
    if raw is None:
        return None
    where = "scoring.change"
    if not isinstance(raw, dict):
        loader.fail(
            where, "change-object", "change måste vara ett objekt.", "change must be an object."
        )
        return None
    loader.known_fields(raw, CHANGE_FIELDS, where)
    scale = raw.get("scale", "total")
    if not isinstance(scale, str) or scale not in scales:
        loader.fail(
            where,
            "change-scale",
            f"Skalan {scale} finns inte.",
            f"Scale {scale} does not exist.",
        )
    better = raw.get("better", "lower")
    if not isinstance(better, str) or better not in BETTER:
        loader.fail(
            where,
            "change-better",
            "better måste vara lower eller higher.",
            "better must be lower or higher.",
        )
    reliability = _figure(loader, raw.get("reliability"), f"{where}.reliability", 0, 1)
    sd = _figure(loader, raw.get("sd"), f"{where}.sd", 0, None)
    cutoff = _figure(loader, raw.get("cutoff"), f"{where}.cutoff", None, None)
    if (reliability is None) != (sd is None):
        loader.fail(
            where,
            "change-reliability-sd",
            "Reliabilitet och standardavvikelse anges tillsammans (båda behövs för RCI).",
            "Reliability and standard deviation go together (the RCI needs both).",
        )
    return Change(str(scale), BETTER.get(str(better), True), reliability, sd, cutoff)


def _figure(loader, raw: Any, where: str, above: float | None, below: float | None):
    """A figure with its source; ``above``/``below`` are exclusive bounds of its value."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        loader.fail(
            where,
            "change-figure",
            "Värdet anges som {value, source}.",
            "The figure is given as {value, source}.",
        )
        return None
    loader.known_fields(raw, FIGURE_FIELDS, where)
    value, source = raw.get("value"), raw.get("source")
    in_range = is_number(value) and (above is None or value > above)
    in_range = in_range and (below is None or value < below)
    if not in_range:
        loader.fail(
            where,
            "change-value",
            "Värdet är inget tal inom det tillåtna intervallet.",
            "The value is not a number in the allowed range.",
        )
    if not isinstance(source, str) or not source.strip():
        loader.fail(
            where,
            "change-source",
            "Ange källan (författare, år) för värdet.",
            "Give the source (author, year) of the figure.",
        )
    return Sourced(value, source) if in_range and isinstance(source, str) else None
