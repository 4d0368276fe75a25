from stegvis.care.models import Flag, HistoryEvent, QuestionnaireResponse
from stegvis.care.services.questionnaires import save_questionnaire
from tests.portal.documents import phq9_answers


def complete(world, enrollment, answers):
    return save_questionnaire(
        actor=world.citizen,
        enrollment=enrollment,
        occasion="block:q1",
        answers=answers,
        complete=True,
    )


def test_a_complete_questionnaire_is_scored_with_its_definition_version(world, enrollment):
    result = complete(world, enrollment, phq9_answers())

    assert result.ok and result.completed
    response = QuestionnaireResponse.objects.get(enrollment=enrollment)
    assert response.completed_at is not None
    assert response.definition_version == "1.0.1"
    assert response.score["total"] == 8
    assert response.score["band"]["label"]["sv"]
    assert HistoryEvent.objects.filter(action="questionnaire.completed").exists()


def test_phq9_item_9_above_zero_raises_a_red_flag(world, enrollment):
    complete(world, enrollment, phq9_answers(item9="2"))

    flag = Flag.objects.get(enrollment=enrollment)
    response = QuestionnaireResponse.objects.get(enrollment=enrollment)
    assert flag.kind == Flag.Kind.ALERT
    assert flag.level == Flag.Level.RED
    assert flag.dedupe_key == f"alert:{response.pk}:9"
    assert "Fråga 9" in flag.reason


def test_phq9_item_9_at_zero_raises_no_flag(world, enrollment):
    complete(world, enrollment, phq9_answers(item9="0"))

    assert not Flag.objects.exists()


def test_a_completed_questionnaire_cannot_be_changed(world, enrollment):
    complete(world, enrollment, phq9_answers(item9="1"))

    again = complete(world, enrollment, phq9_answers(item9="0"))

    assert again.completed
    assert QuestionnaireResponse.objects.get().answers["9"] == "1"
    assert Flag.objects.count() == 1


def test_a_partial_save_is_not_scored(world, enrollment):
    save_questionnaire(
        actor=world.citizen, enrollment=enrollment, occasion="block:q1", answers={"1": "2"}
    )

    response = QuestionnaireResponse.objects.get()
    assert response.score is None and response.completed_at is None
