"""A flag rule may name the item whose alert raises it; other items' alerts then raise none."""

import copy

import pytest

from stegvis.care.models import Flag
from stegvis.care.services.questionnaires import save_questionnaire
from stegvis.catalog.document import DocumentError, validate_document
from tests.factories import ReleaseFactory
from tests.portal.documents import care_document, phq9_answers
from tests.portal.fixtures import make_enrollment


def _enrollment_with_rule(world, item: str):
    document = care_document()
    document["flags"] = [
        {"questionnaire": "phq9", "alert_level": "prioritised", "flag": "red", "item": item}
    ]
    release = ReleaseFactory(owner=world.provider, document=document, active_at=world.unit)
    return make_enrollment(world.citizen, world.unit, release)


def _complete(world, enrollment, answers):
    return save_questionnaire(
        actor=world.citizen,
        enrollment=enrollment,
        occasion="block:q1",
        answers=answers,
        complete=True,
    )


def test_a_rule_on_item_9_raises_a_red_flag_for_item_9(world):
    enrollment = _enrollment_with_rule(world, "9")
    _complete(world, enrollment, phq9_answers(item9="1"))
    assert Flag.objects.get(enrollment=enrollment).level == Flag.Level.RED


def test_a_rule_on_another_item_ignores_item_9s_alert(world):
    enrollment = _enrollment_with_rule(world, "1")
    _complete(world, enrollment, phq9_answers(item9="1"))
    assert not Flag.objects.filter(enrollment=enrollment).exists()


def test_a_rule_naming_an_unknown_item_is_refused():
    document = copy.deepcopy(care_document())
    document["flags"] = [
        {"questionnaire": "phq9", "alert_level": "prioritised", "flag": "red", "item": "99"}
    ]
    with pytest.raises(DocumentError, match="no item 99"):
        validate_document(document)
