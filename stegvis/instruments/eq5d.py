"""EQ-5D-5L index values from the Swedish value sets.

Coefficients from /work/shared/data/eq5d5l-swedish-value-sets.md:

- ``sweden-2022``: Sun S, et al. Estimating a social value set for EQ-5D-5L in Sweden.
  Health Qual Life Outcomes 2022;20:167. doi:10.1186/s12955-022-02083-w. 11111 = 1.
- ``sweden-2020``: Burström K, et al. Experience-based Swedish TTO and VAS value sets for
  EQ-5D-5L health states. PharmacoEconomics 2020. doi:10.1007/s40273-020-00905-7. The
  experience-based model starts at 0.9755 (so 11111 = 0.9755, not 1) and subtracts a further
  0.0023 when any dimension is at level 5.

Index = start value minus the decrement of each dimension's level (level 1 subtracts nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

DIMENSIONS = ("MO", "SC", "UA", "PD", "AD")


@dataclass(frozen=True, slots=True)
class ValueSet:
    name: str
    start: float
    # Per dimension, the decrement for levels 1..5 (level 1 is 0).
    decrements: dict[str, tuple[float, float, float, float, float]]
    any_level_5: float
    decimals: int
    citation: str


VALUE_SETS: dict[str, ValueSet] = {
    "sweden-2022": ValueSet(
        name="sweden-2022",
        start=1.0,
        decrements={
            "MO": (0, 0.022, 0.026, 0.087, 0.132),
            "SC": (0, 0.019, 0.056, 0.113, 0.159),
            "UA": (0, 0.022, 0.048, 0.131, 0.187),
            "PD": (0, 0.010, 0.047, 0.319, 0.442),
            "AD": (0, 0.031, 0.122, 0.277, 0.394),
        },
        any_level_5=0.0,
        decimals=3,
        citation="Sun S, et al. Health Qual Life Outcomes 2022;20:167",
    ),
    "sweden-2020": ValueSet(
        name="sweden-2020",
        start=0.9755,
        decrements={
            "MO": (0, 0.0287, 0.0346, 0.0523, 0.0523),
            "SC": (0, 0.0254, 0.0817, 0.0824, 0.0824),
            "UA": (0, 0.0549, 0.1143, 0.1639, 0.1639),
            "PD": (0, 0.0108, 0.0428, 0.1024, 0.1974),
            "AD": (0, 0.0325, 0.0868, 0.2002, 0.2339),
        },
        any_level_5=0.0023,
        decimals=4,
        citation="Burström K, et al. PharmacoEconomics 2020",
    ),
}
DEFAULT_VALUE_SET = "sweden-2022"


def index_value(levels: tuple[int, ...] | str, value_set: str = DEFAULT_VALUE_SET) -> float:
    """Return the index for five levels (MO, SC, UA, PD, AD), each 1–5, or a profile "12345".

    Raise ``KeyError`` for an unknown value set and ``ValueError`` for a bad profile.
    """
    vs = VALUE_SETS[value_set]
    if isinstance(levels, str):
        levels = tuple(int(c) for c in levels if c.isdigit()) if levels.isdigit() else ()
    if len(levels) != 5 or any(not 1 <= lv <= 5 for lv in levels):
        raise ValueError(f"an EQ-5D-5L profile is five levels from 1 to 5, not {levels!r}")
    value = vs.start
    for dim, level in zip(DIMENSIONS, levels, strict=True):
        value -= vs.decrements[dim][level - 1]
    if 5 in levels:
        value -= vs.any_level_5
    return round(value, vs.decimals)
