"""Resetting a unit's training data: every training enrollment there, with all it holds.

Only training enrollments are ever deleted (`Enrollment.is_training`); real care data is kept
and closed, never deleted. The test citizens stay (a member of staff's test patient starts
afresh). The access log keeps its events: they name the test citizens, not the rows.
"""

from django.core.exceptions import PermissionDenied

from stegvis.audit.recording import record_change
from stegvis.care import models as care
from stegvis.care.purging import purge_above_care
from stegvis.db import atomic_write
from stegvis.organisation.models import CareUnit, User

# Children first: each model's rows go before the rows they point to.
_CHILDREN = (
    care.Activity,
    care.HistoryEvent,
    care.Flag,
    care.Feedback,
    care.DiaryEntry,
    care.QuestionnaireResponse,
    care.Answer,
    care.StepProgress,
    care.ModuleState,
    care.Handover,
)


def training_enrollments_at(unit: CareUnit):
    return care.Enrollment.objects.filter(unit=unit, is_training=True)


@atomic_write
def reset_training_data(*, actor: User, unit: CareUnit) -> int:
    """Delete every training enrollment at `unit` and what hangs off it; return how many.

    The provider admin's action (a rule in care/permissions.py). One change event per test
    citizen whose training enrollments went, and one for the reset itself.
    """
    if not actor.has_perm("care.reset_training_data", unit):
        raise PermissionDenied
    rows = list(training_enrollments_at(unit).values_list("pk", "citizen_id"))
    ids = [pk for pk, _citizen in rows]
    if ids:
        purge_above_care(ids)
        for model in _CHILDREN:
            model.objects.filter(enrollment_id__in=ids).delete()
        care.Enrollment.objects.filter(pk__in=ids).delete()
    for citizen in User.objects.filter(pk__in={c for _pk, c in rows}).order_by("pk"):
        record_change(
            actor=actor, action="training.reset", citizen=citizen, unit=unit, target=citizen
        )
    record_change(actor=actor, action="training.reset", unit=unit, target=unit)
    return len(ids)
