"""Everything an enrollment holds reaches its unit through the enrollment, so approval moves it.

If a model hanging off an enrollment (directly or through another model) stores a unit of its
own, `approve_handover` must move it too and this list must say so;
the test fails until then, so nothing is left behind at the sending unit by accident.
"""

from django.apps import apps
from django.db import models

from stegvis.care.models import Enrollment
from stegvis.organisation.models import CareUnit

# Unit references that are meant to be there: the enrollment's own (moved on approval) and the
# handover's record of where it came from and went.
EXPECTED = {
    ("care.enrollment", "unit"),
    ("care.handover", "from_unit"),
    ("care.handover", "to_unit"),
}


def _fks(model):
    return [f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey) and f.concrete]


def _hanging_off_enrollments() -> set:
    found = {Enrollment}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in found:
                continue
            if any(f.related_model in found for f in _fks(model)):
                found.add(model)
                changed = True
    return found


def test_no_model_under_an_enrollment_keeps_a_unit_of_its_own():
    unit_fields = {
        (model._meta.label_lower, f.name)
        for model in _hanging_off_enrollments()
        for f in _fks(model)
        if f.related_model is CareUnit
    }
    assert unit_fields == EXPECTED, (
        "A model under the enrollment stores a unit: move it in approve_handover "
        f"and list it here. Found: {sorted(unit_fields - EXPECTED)}"
    )


def test_the_walk_sees_the_enrollments_data():
    labels = {m._meta.label_lower for m in _hanging_off_enrollments()}
    assert {"care.flag", "care.activity", "care.historyevent", "care.answer"} <= labels
    assert {"messaging.message", "relatives.relativegrant", "care.handover"} <= labels
