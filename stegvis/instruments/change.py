"""What one person's change on an instrument means: reliable and clinically significant change.

Jacobson NS, Truax P. Clinical significance: a statistical approach to defining meaningful
change in psychotherapy research. J Consult Clin Psychol 1991;59(1):12-19.

- Reliable change index: RCI = (post − pre) / S_diff, with S_diff = √2 · SD · √(1 − r),
  SD the norm (or baseline) standard deviation and r the test–retest reliability. A change is
  reliable when |RCI| > 1.96 (p < 0.05, two-sided); its direction says whether it is an
  improvement (lower scores are better for PHQ-9, GAD-7 and MADRS-S).
- Clinically significant improvement: from the case side of the published cut-off to the
  other side ("criterion c" replaced by a published screening cut-off, as is common practice).
- Recovered: both a reliable improvement and a clinically significant improvement.

Pure maths on the definition's ``scoring.change``: statistics and the clinic both use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .schema import Change, Definition, Number

# The two-sided 95 % point of the standard normal distribution, as Jacobson & Truax use it.
CRITICAL_RCI = 1.96

IMPROVED = "improved"
UNCHANGED = "unchanged"
DETERIORATED = "deteriorated"


@dataclass(frozen=True, slots=True)
class Classification:
    """One person's change from ``pre`` to ``post``; None where the instrument lacks a figure."""

    pre: Number
    post: Number
    rci: float | None
    reliable: str | None  # IMPROVED, UNCHANGED, DETERIORATED
    pre_case: bool | None
    post_case: bool | None

    @property
    def clinically_improved(self) -> bool:
        return bool(self.pre_case) and self.post_case is False

    @property
    def recovered(self) -> bool:
        return self.clinically_improved and self.reliable == IMPROVED


def change_of(definition: Definition | None) -> Change | None:
    """The definition's change figures, or the built-in instrument's with the same key.

    A release keeps the definition it was published with; figures added to the library later
    (they describe the instrument, not the form) still apply to its scores.
    """
    if definition is None:
        return None
    if definition.scoring.change is not None:
        return definition.scoring.change
    from .library import BUILTIN_KEYS, builtin

    return builtin(definition.key).scoring.change if definition.key in BUILTIN_KEYS else None


def s_diff(change: Change) -> float | None:
    """The standard error of the difference between two scores: √2 · SD · √(1 − r)."""
    if change.reliability is None or change.sd is None:
        return None
    return math.sqrt(2) * change.sd.value * math.sqrt(1 - change.reliability.value)


def reliable_change_points(change: Change) -> float | None:
    """The smallest change in points that is reliable: 1.96 · S_diff."""
    error = s_diff(change)
    return None if error is None else CRITICAL_RCI * error


def is_case(change: Change, value: Number) -> bool | None:
    """Whether ``value`` is on the case side of the cut-off (None without a cut-off)."""
    if change.cutoff is None:
        return None
    cutoff = change.cutoff.value
    return value >= cutoff if change.lower_is_better else value <= cutoff


def classify_change(change: Change, pre: Number, post: Number) -> Classification:
    """Classify the change from ``pre`` to ``post`` (Jacobson & Truax 1991)."""
    error = s_diff(change)
    rci = reliable = None
    if error:
        rci = (post - pre) / error
        toward_better = -rci if change.lower_is_better else rci
        if toward_better > CRITICAL_RCI:
            reliable = IMPROVED
        elif toward_better < -CRITICAL_RCI:
            reliable = DETERIORATED
        else:
            reliable = UNCHANGED
    return Classification(pre, post, rci, reliable, is_case(change, pre), is_case(change, post))
