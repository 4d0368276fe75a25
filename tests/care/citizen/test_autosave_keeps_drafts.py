from stegvis.care.models import Answer, QuestionnaireResponse
from stegvis.care.services.answers import save_answer
from stegvis.care.services.questionnaires import save_questionnaire


def test_a_failed_submit_keeps_the_typed_worksheet_as_a_draft(world, enrollment):
    value = {"what": "", "hours": "två", "day": "igår"}

    result = save_answer(
        actor=world.citizen, enrollment=enrollment, block_key="ws1", value=value, submit=True
    )

    assert set(result.errors) == {"what", "hours", "day"}
    answer = Answer.objects.get(enrollment=enrollment, block_key="ws1")
    assert answer.value == value
    assert answer.submitted_at is None


def test_a_draft_is_saved_without_checking_completeness(world, enrollment):
    result = save_answer(
        actor=world.citizen, enrollment=enrollment, block_key="ws1", value={"hours": "2,5"}
    )

    assert result.ok
    assert Answer.objects.get(block_key="ws1").value == {"hours": "2,5"}


def test_a_valid_submit_marks_the_answer_submitted(world, enrollment):
    result = save_answer(
        actor=world.citizen,
        enrollment=enrollment,
        block_key="ws1",
        value={"what": "Promenad", "hours": "1,5", "day": "2026-01-02", "mood": "Bra"},
        submit=True,
    )

    assert result.ok and result.completed
    assert Answer.objects.get(block_key="ws1").submitted_at is not None


def test_homework_text_is_kept_as_typed(world, enrollment):
    save_answer(
        actor=world.citizen, enrollment=enrollment, block_key="hw1", value={"text": "Mitt svar"}
    )

    assert Answer.objects.get(block_key="hw1").value == {"text": "Mitt svar"}


def test_a_checklist_keeps_only_its_own_items(world, enrollment):
    save_answer(
        actor=world.citizen,
        enrollment=enrollment,
        block_key="cl1",
        value={"checked": ["walk", "nonsense"]},
    )

    assert Answer.objects.get(block_key="cl1").value == {"checked": ["walk"]}


def test_a_questionnaire_with_bad_answers_keeps_them_and_says_which_item(world, enrollment):
    result = save_questionnaire(
        actor=world.citizen,
        enrollment=enrollment,
        occasion="block:q1",
        answers={"1": "7", "2": "1"},
        complete=True,
    )

    assert "1" in result.errors and "3" in result.errors
    response = QuestionnaireResponse.objects.get(enrollment=enrollment, occasion="block:q1")
    assert response.answers == {"1": "7", "2": "1"}
    assert response.completed_at is None
