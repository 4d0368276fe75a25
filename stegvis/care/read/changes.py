"""Hantera's "change since the start": each questionnaire's first and latest total, classified.

The classification is the one the treatment outcomes use (Jacobson & Truax reliable change and
the published cut-off, `stegvis.instruments.change`), from the series Hantera already drew:
no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from stegvis.care.charts import INDEX, VAS, Series
from stegvis.catalog.document import ReleaseDocument
from stegvis.instruments.change import (
    DETERIORATED,
    IMPROVED,
    UNCHANGED,
    change_of,
    classify_change,
    reliable_change_points,
)

RELIABLE_LABELS = {
    IMPROVED: _("Reliable improvement"),
    UNCHANGED: _("No reliable change"),
    DETERIORATED: _("Reliable deterioration"),
}


@dataclass(frozen=True)
class ScoreChange:
    title: str
    pre: float
    post: float
    reliable: str | None  # IMPROVED, UNCHANGED, DETERIORATED, or None without r and SD
    reliable_points: float | None
    cutoff: float | None
    below_cutoff: bool | None  # on the healthy side of the cut-off at the latest score
    recovered: bool

    @property
    def reliable_label(self) -> str:
        if self.reliable is None:
            return str(_("Not classified (no published reliability for this questionnaire)"))
        return str(RELIABLE_LABELS[self.reliable])


def score_changes(document: ReleaseDocument, series: list[Series]) -> list[ScoreChange]:
    """One row per questionnaire total with at least two scores and published change figures."""
    rows = []
    for item in series:
        if item.key.endswith((INDEX, VAS)) or len(item.points) < 2:
            continue
        key = item.key
        definition = (
            document.questionnaire_definition(key) if key in document.questionnaires else None
        )
        change = change_of(definition)
        if change is None:
            continue
        pre, post = item.points[0].value, item.points[-1].value
        found = classify_change(change, pre, post)
        rows.append(
            ScoreChange(
                title=item.title,
                pre=pre,
                post=post,
                reliable=found.reliable,
                reliable_points=reliable_change_points(change),
                cutoff=change.cutoff.value if change.cutoff else None,
                below_cutoff=None if found.post_case is None else not found.post_case,
                recovered=found.recovered,
            )
        )
    return rows
