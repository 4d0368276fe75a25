"""Saving a step: bad input is named per field, what was typed is kept, Next saves first."""

from django.urls import reverse

from stegvis.care.models import Answer, Enrollment, Flag, Phase, QuestionnaireResponse, StepProgress
from tests.portal.documents import phq9_answers


def step_url(enrollment, key):
    return reverse("portal:step", args=[enrollment.pk, key])


def worksheet_post(**overrides):
    data = {
        "hw1-text": "Min läxa",
        "ws1-what": "",
        "ws1-hours": "massor",
        "ws1-day": "",
        "cl1-checked": ["walk"],
        "action": "next",
    }
    data.update(overrides)
    return data


def test_bad_input_is_named_next_to_each_field_and_what_was_typed_is_kept(world, enrollment, login):
    response = login(world.citizen).post(step_url(enrollment, "exercises"), worksheet_post())

    assert response.status_code == 400
    content = response.content.decode()
    assert 'href="#ws1-what"' in content and 'href="#ws1-hours"' in content
    assert 'value="massor"' in content
    assert "Min läxa" in content
    assert Answer.objects.get(block_key="ws1").value["hours"] == "massor"
    assert Answer.objects.get(block_key="hw1").value == {"text": "Min läxa"}
    assert not StepProgress.objects.filter(step_key="exercises", completed_at__isnull=False)


def test_messages_are_in_english_when_english_is_chosen(world, enrollment, login):
    client = login(world.citizen)
    client.cookies["django_language"] = "en"

    content = client.post(step_url(enrollment, "exercises"), worksheet_post()).content.decode()

    assert "Enter a number" in content


def test_messages_are_in_swedish_by_default(world, enrollment, login):
    content = (
        login(world.citizen)
        .post(step_url(enrollment, "mood-check"), {"q1-1": "2", "action": "next"})
        .content.decode()
    )

    assert 'lang="sv"' in content
    assert "Frågan måste besvaras." in content


def test_next_saves_and_goes_to_the_next_step(world, enrollment, login):
    response = login(world.citizen).post(step_url(enrollment, "intro"), {"action": "next"})

    assert response.status_code == 302
    assert response["Location"] == step_url(enrollment, "mood-check")
    assert StepProgress.objects.get(step_key="intro").completed_at is not None


def test_previous_keeps_a_draft_without_checking_it(world, enrollment, login):
    response = login(world.citizen).post(
        step_url(enrollment, "exercises"), worksheet_post(action="previous")
    )

    assert response["Location"] == step_url(enrollment, "mood-check")
    assert Answer.objects.get(block_key="ws1").value["hours"] == "massor"


def test_a_questionnaire_with_an_alert_is_scored_flagged_and_lets_the_citizen_on(
    world, enrollment, login
):
    data = {f"q1-{link}": value for link, value in phq9_answers(item9="2").items()}
    data["action"] = "next"

    response = login(world.citizen).post(step_url(enrollment, "mood-check"), data)

    assert response["Location"] == step_url(enrollment, "exercises")
    assert QuestionnaireResponse.objects.get().completed_at is not None
    assert Flag.objects.get(kind="alert").level == "red"


def test_an_incomplete_questionnaire_names_the_unanswered_items(world, enrollment, login):
    response = login(world.citizen).post(
        step_url(enrollment, "mood-check"), {"q1-1": "2", "action": "next"}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'href="#q1-2"' in content
    assert QuestionnaireResponse.objects.get().answers == {"1": "2"}


def test_next_on_an_unanswered_questionnaire_says_why_it_cannot_go_on(world, enrollment, login):
    client = login(world.citizen)

    response = client.post(step_url(enrollment, "mood-check"), {"action": "next"}, follow=True)

    assert response.redirect_chain[-1][0] == step_url(enrollment, "mood-check")
    assert "frågeformuläret" in response.content.decode() or "questionnaire" in (
        response.content.decode()
    )


def test_a_closed_enrollment_shows_its_steps_without_forms_and_refuses_posts(
    world, enrollment, login
):
    Enrollment.objects.filter(pk=enrollment.pk).update(phase=Phase.CLOSED)
    client = login(world.citizen)

    page = client.get(step_url(enrollment, "exercises")).content.decode()
    client.post(step_url(enrollment, "exercises"), worksheet_post(action="save"))

    assert "disabled" in page and "data-autosave-url" not in page
    assert not Answer.objects.exists()


def test_autosave_keeps_a_draft_and_answers_in_json(world, enrollment, login):
    url = reverse("portal:autosave", args=[enrollment.pk, "exercises"])

    response = login(world.citizen).post(url, {"hw1-text": "Halvfärdig", "ws1-hours": "x"})

    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True
    assert "ws1-hours" in body["errors"]
    assert Answer.objects.get(block_key="hw1").value == {"text": "Halvfärdig"}
    assert Answer.objects.get(block_key="hw1").submitted_at is None


def test_autosave_then_a_failed_submit_keeps_the_answer(world, enrollment, login):
    client = login(world.citizen)
    client.post(
        reverse("portal:autosave", args=[enrollment.pk, "exercises"]), {"hw1-text": "Utkast"}
    )

    response = client.post(
        step_url(enrollment, "exercises"), worksheet_post(**{"hw1-text": "Utkast 2"})
    )

    assert response.status_code == 400
    assert "Utkast 2" in response.content.decode()
    assert Answer.objects.get(block_key="hw1").value == {"text": "Utkast 2"}


def test_autosave_on_a_closed_enrollment_is_refused_with_a_message(world, enrollment, login):
    Enrollment.objects.filter(pk=enrollment.pk).update(phase=Phase.CLOSED)
    url = reverse("portal:autosave", args=[enrollment.pk, "exercises"])

    response = login(world.citizen).post(url, {"hw1-text": "x"})

    assert response.status_code == 409
    assert response.json()["saved"] is False


def test_a_diary_entry_with_bad_input_is_shown_again_as_typed(world, enrollment, login):
    from tests.portal.fixtures import open_module_now

    open_module_now(enrollment, "m2")
    url = reverse("portal:diary_entry", args=[enrollment.pk, "sleep", "d1"])

    response = login(world.citizen).post(
        url, {"d1-entry_date": "igår", "d1-hours": "åtta", "d1-note": "Vaknade tidigt"}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="igår"' in content and 'value="åtta"' in content
    assert 'value="Vaknade tidigt"' in content


def test_a_diary_entry_is_added_and_listed(world, enrollment, login):
    from tests.portal.fixtures import open_module_now

    open_module_now(enrollment, "m2")
    client = login(world.citizen)
    url = reverse("portal:diary_entry", args=[enrollment.pk, "sleep", "d1"])

    for day, hours in (("2026-01-01", "7"), ("2026-01-02", "6,5")):
        client.post(url, {"d1-entry_date": day, "d1-hours": hours})
    page = client.get(step_url(enrollment, "sleep")).content.decode()

    assert "2026-01-02" in page and "6,5" in page  # Swedish decimal comma
    assert "data:image/svg+xml;base64," in page  # the chart, with the table as alternative


def test_sending_feedback_shows_that_it_waits_for_the_practitioner(world, enrollment, login):
    from tests.portal.fixtures import open_module_now

    open_module_now(enrollment, "m2")
    client = login(world.citizen)

    client.post(step_url(enrollment, "reflect"), {"fb1-text": "Hej!", "action": "send:fb1"})
    page = client.get(step_url(enrollment, "reflect")).content.decode()

    assert "Hej!" in page
    assert 'name="fb1-text"' not in page
    assert Flag.objects.filter(kind="feedback").exists()


def test_save_keeps_half_a_questionnaire_without_complaining(world, enrollment, login):
    response = login(world.citizen).post(
        step_url(enrollment, "mood-check"), {"q1-1": "2", "action": "save"}
    )

    assert response.status_code == 302
    saved = QuestionnaireResponse.objects.get()
    assert saved.answers == {"1": "2"} and saved.completed_at is None
