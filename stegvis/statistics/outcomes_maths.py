"""The figures of one instrument's pre–post pairs (docs/statistics.md, "Treatment outcomes").

scipy does the statistics: the paired t-test and its confidence interval (`ttest_rel`) and the
gamma function of Hedges' exact small-sample correction. The per-person classification is
`stegvis.instruments.change.classify_change` (Jacobson & Truax 1991).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from stegvis.instruments.change import DETERIORATED, IMPROVED, UNCHANGED, classify_change
from stegvis.instruments.schema import Change

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Summary:
    """Figures for n pairs; change = post − pre, so an improvement on PHQ-9 is negative."""

    n: int
    mean_pre: float
    mean_post: float
    mean_change: float
    sd_change: float
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    cohens_dz: float | None
    hedges_gz: float | None
    improved: int | None = None
    unchanged: int | None = None
    deteriorated: int | None = None
    pre_cases: int | None = None
    clinically_improved: int | None = None
    recovered: int | None = None


def hedges_correction(df: int) -> float:
    """Hedges' exact J(df) = Γ(df/2) / (√(df/2) · Γ((df − 1)/2)); ≈ 1 − 3/(4·df − 1)."""
    from scipy import special  # scipy costs most of a second: load it for the figures only

    return math.exp(
        special.gammaln(df / 2) - 0.5 * math.log(df / 2) - special.gammaln((df - 1) / 2)
    )


def summarise(pairs: list[tuple[float, float]], change: Change | None = None) -> Summary | None:
    """The figures for (pre, post) pairs; None with fewer than two pairs (no SD)."""
    n = len(pairs)
    if n < 2:
        return None
    # numpy and scipy cost most of a second: load them when figures are drawn, not at start-up.
    import numpy as np
    from scipy import stats

    pre = np.array([p for p, _ in pairs], dtype=float)
    post = np.array([q for _, q in pairs], dtype=float)
    diff = post - pre
    sd = float(np.std(diff, ddof=1))
    ci_low = ci_high = p_value = dz = gz = None
    if sd > 0:
        test = stats.ttest_rel(post, pre)
        interval = test.confidence_interval(CONFIDENCE)
        ci_low, ci_high, p_value = float(interval.low), float(interval.high), float(test.pvalue)
        dz = float(diff.mean()) / sd
        gz = dz * hedges_correction(n - 1)
    return Summary(
        n=n,
        mean_pre=float(pre.mean()),
        mean_post=float(post.mean()),
        mean_change=float(diff.mean()),
        sd_change=sd,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=p_value,
        cohens_dz=dz,
        hedges_gz=gz,
        **_classified(pairs, change),
    )


def _classified(pairs: list[tuple[float, float]], change: Change | None) -> dict:
    """Counts of reliable change (with r and SD) and of clinical change (with a cut-off)."""
    if change is None:
        return {}
    # Scores take few distinct values (PHQ-9: 0-27), so a national selection's hundreds of
    # thousands of pairs are a few hundred distinct ones: classify each once, count by weight.
    weights = Counter(pairs)
    found = [(classify_change(change, pre, post), n) for (pre, post), n in weights.items()]

    def counted(test) -> int:
        return sum(n for c, n in found if test(c))

    out: dict = {}
    if change.reliability is not None and change.sd is not None:
        out.update(
            improved=counted(lambda c: c.reliable == IMPROVED),
            unchanged=counted(lambda c: c.reliable == UNCHANGED),
            deteriorated=counted(lambda c: c.reliable == DETERIORATED),
        )
    if change.cutoff is not None:
        out.update(
            pre_cases=counted(lambda c: bool(c.pre_case)),
            clinically_improved=counted(lambda c: c.clinically_improved),
        )
        if "improved" in out:
            out["recovered"] = counted(lambda c: c.recovered)
    return out
