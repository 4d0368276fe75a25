"""Treatment outcomes as rows of named figures, suppressed: for the page, the command, CSV.

Each figure has a machine name (the command's JSON and CSV header) and a label (the page).
A suppressed figure is "< 5"; a figure that cannot be computed is None.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from stegvis.statistics.outcomes import SMALL, MeasureOutcome, share, small

COLUMNS: list[tuple[str, object]] = [
    ("instrument", _("Instrument")),
    ("measure", _("Measure")),
    ("unit", _("Unit")),
    ("enrollments", _("Enrollments in the selection")),
    ("with_pre", _("With a first score (pre)")),
    ("with_pre_and_post", _("With pre and post (n)")),
    ("missing_post", _("Missing a post score")),
    ("mean_pre", _("Mean pre")),
    ("mean_post", _("Mean post")),
    ("mean_change", _("Mean change (post − pre)")),
    ("ci_low", _("95 % CI, lower")),
    ("ci_high", _("95 % CI, upper")),
    ("p_value", _("p (paired t-test)")),
    ("cohens_dz", _("Cohen's d_z")),
    ("hedges_gz", _("Hedges' g_z")),
    ("reliable_change_points", _("Reliable change (points)")),
    ("improved", _("Reliably improved")),
    ("improved_share", _("Reliably improved, share")),
    ("unchanged", _("No reliable change")),
    ("unchanged_share", _("No reliable change, share")),
    ("deteriorated", _("Reliably deteriorated")),
    ("deteriorated_share", _("Reliably deteriorated, share")),
    ("cutoff", _("Cut-off")),
    ("pre_cases", _("At or above the cut-off at pre")),
    ("clinically_improved", _("Clinically significantly improved")),
    ("clinically_improved_share", _("Clinically significantly improved, share of cases")),
    ("recovered", _("Recovered (reliable and clinical)")),
    ("recovered_share", _("Recovered, share of cases")),
]
# The figures of the per-unit table, in COLUMNS order.
UNIT_COLUMNS = [
    "enrollments",
    "with_pre_and_post",
    "missing_post",
    "mean_change",
    "ci_low",
    "ci_high",
    "improved_share",
    "recovered_share",
]
FIGURES = [
    "mean_pre",
    "mean_post",
    "mean_change",
    "ci_low",
    "ci_high",
    "p_value",
    "cohens_dz",
    "hedges_gz",
]


def row(outcome: MeasureOutcome) -> dict:
    """The named figures of one outcome, with small counts and groups suppressed."""
    out: dict = {
        "instrument": outcome.instrument,
        "measure": outcome.measure,
        "unit": outcome.group,
        "enrollments": small(outcome.enrollments),
        "with_pre": small(outcome.with_pre),
        "with_pre_and_post": small(outcome.with_pre_and_post),
        "missing_post": small(outcome.missing_post),
        "reliable_change_points": outcome.reliable_points,
        "cutoff": outcome.change.cutoff.value if outcome.change and outcome.change.cutoff else None,
    }
    summary = outcome.summary
    hidden = "< 5" if outcome.suppressed and outcome.with_pre_and_post else None
    for name in FIGURES:
        out[name] = getattr(summary, name) if summary else hidden
    for name in ("improved", "unchanged", "deteriorated"):
        count = getattr(summary, name) if summary else None
        out[name] = small(count) if summary else hidden
        out[f"{name}_share"] = share(count, summary.n) if summary else hidden
    cases = summary.pre_cases if summary else None
    out["pre_cases"] = small(cases) if summary else hidden
    for name in ("clinically_improved", "recovered"):
        count = getattr(summary, name) if summary else None
        out[name] = small(count) if summary else hidden
        out[f"{name}_share"] = share(count, cases) if summary else hidden
    return out


SHARES = {name for name, _label in COLUMNS if name.endswith("_share")}
DECIMALS = {"p_value": 3, "cohens_dz": 2, "hedges_gz": 2}


def shown(name: str, value) -> str:
    """A figure as the page shows it: Swedish decimals, shares in per cent, "–" for none."""
    if value is None:
        return "–"
    if isinstance(value, str) or (isinstance(value, int) and name not in SHARES):
        return str(value)
    # Rounded first: number_format cuts the digits off, it does not round.
    if name in SHARES:
        return f"{number_format(round(value * 100), 0)} %"
    places = DECIMALS.get(name, 1)
    return number_format(round(value, places), places)


def cells(figures: dict) -> list[tuple[str, object, str]]:
    """(name, label, shown value) of every figure but the instrument and measure."""
    return [
        (name, label, shown(name, figures[name]))
        for name, label in COLUMNS
        if name not in ("instrument", "measure", "unit")
    ]


def rows(outcomes: list[MeasureOutcome]) -> list[dict]:
    """Each outcome's row, followed by its units' rows (when broken down)."""
    return [row(each) for outcome in outcomes for each in (outcome, *outcome.units)]


__all__ = ["COLUMNS", "SMALL", "UNIT_COLUMNS", "cells", "row", "rows", "shown"]
