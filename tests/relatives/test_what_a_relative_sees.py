"""A relative sees the enrollments they follow and the content of the granted modules only:
never the citizen's answers, scores, diary, progress or the citizen-only pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import DiaryEntry, Phase
from stegvis.care.services.answers import save_answer
from tests.factories import QuestionnaireResponseFactory


def test_home_lists_the_followed_enrollment_with_first_name_and_program(relative_world, login):
    content = login(relative_world.relative).get(reverse("portal:home")).content.decode()
    citizen = relative_world.world.citizen
    assert "Program du följer" in content
    assert f"{citizen.first_name}: Må bättre" in content
    assert reverse("portal:following", args=[relative_world.enrollment.pk]) in content
    assert citizen.last_name not in content
    assert citizen.personnummer_display not in content
    # Not the other enrollment, nor one whose grant has ended.
    assert reverse("portal:following", args=[relative_world.other_enrollment.pk]) not in content


def test_a_removed_relative_no_longer_sees_the_enrollment_on_home(relative_world, login):
    content = login(relative_world.ended_relative).get(reverse("portal:home")).content.decode()
    assert reverse("portal:following", args=[relative_world.enrollment.pk]) not in content


def test_the_overview_shows_only_the_granted_modules_and_the_messages_link(relative_world, login):
    client = login(relative_world.relative)
    url = reverse("portal:following", args=[relative_world.enrollment.pk])
    content = client.get(url).content.decode()
    assert "Kom igång" in content
    for title in ("Vardagen", "Framåt", "Uppföljning"):
        assert title not in content
    for key in ("intro", "mood-check", "exercises"):
        assert reverse("portal:following_step", args=[relative_world.enrollment.pk, key]) in content


def test_without_messages_the_overview_says_so(relative_world, login):
    relative_world.grant.may_message = False
    relative_world.grant.save(update_fields=["may_message"])
    client = login(relative_world.relative)
    content = client.get(reverse("portal:following", args=[relative_world.enrollment.pk]))
    text = content.content.decode()
    assert "Din åtkomst omfattar inte meddelandena." in text


def test_a_step_shows_content_blocks_and_media_but_no_answer_blocks(relative_world, login):
    rw = relative_world
    save_answer(
        actor=rw.world.citizen, enrollment=rw.enrollment, block_key="hw1", value={"text": "HEMLIS"}
    )
    client = login(rw.relative)
    intro = client.get(reverse("portal:following_step", args=[rw.enrollment.pk, "intro"]))
    text = intro.content.decode()
    assert "Välkommen till programmet." in text and "Ta det lugnt." in text
    assert reverse("portal:following_media", args=[rw.enrollment.pk, "pic.png"]) in text
    assert reverse("portal:media", args=[rw.enrollment.pk, "pic.png"]) not in text
    exercises = client.get(reverse("portal:following_step", args=[rw.enrollment.pk, "exercises"]))
    text = exercises.content.decode()
    assert "Skriv." in text  # the homework's prompt is program content
    assert "HEMLIS" not in text  # the citizen's answer is not
    assert "<form" not in text.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "<textarea" not in text and 'type="checkbox"' not in text


def test_a_questionnaire_step_shows_no_questions_or_scores(relative_world, login):
    rw = relative_world
    QuestionnaireResponseFactory(
        enrollment=rw.enrollment,
        occasion="block:q1",
        due_at=None,
        answers={"phq9-1": 3},
        completed_at=timezone.now(),
        score={"total": 23},
    )
    client = login(rw.relative)
    text = client.get(
        reverse("portal:following_step", args=[rw.enrollment.pk, "mood-check"])
    ).content.decode()
    assert "23" not in text.split("<main", 1)[-1]
    assert 'type="radio"' not in text


@pytest.mark.parametrize("step_key", ["sleep", "reflect", "ahead", "after", "unknown"])
def test_steps_of_modules_not_granted_are_not_found(relative_world, login, step_key):
    client = login(relative_world.relative)
    url = reverse("portal:following_step", args=[relative_world.enrollment.pk, step_key])
    assert client.get(url).status_code == 404


def test_media_of_a_granted_module_is_served(relative_world, login):
    client = login(relative_world.relative)
    for name in ("pic.png", "talk.mp3", "film.mp4", "film.vtt"):
        url = reverse("portal:following_media", args=[relative_world.enrollment.pk, name])
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["late.png", "other.png", "..%2Fsettings.py"])
def test_media_outside_the_granted_modules_is_not_found(relative_world, login, name):
    client = login(relative_world.relative)
    url = reverse("portal:following_media", args=[relative_world.enrollment.pk, "x"])
    assert client.get(url.removesuffix("x") + name).status_code == 404


def test_granting_another_module_shows_it(relative_world, login):
    relative_world.grant.module_keys = ["m1", "m3"]
    relative_world.grant.save(update_fields=["module_keys"])
    client = login(relative_world.relative)
    url = reverse("portal:following_step", args=[relative_world.enrollment.pk, "ahead"])
    assert client.get(url).status_code == 200
    media = reverse("portal:following_media", args=[relative_world.enrollment.pk, "late.png"])
    assert client.get(media).status_code == 200


CITIZEN_ONLY = {
    "program": lambda e: reverse("portal:program", args=[e.pk]),
    "step": lambda e: reverse("portal:step", args=[e.pk, "intro"]),
    "exercises": lambda e: reverse("portal:step", args=[e.pk, "exercises"]),
    "results": lambda e: reverse("portal:results", args=[e.pk]),
    "plan": lambda e: reverse("portal:plan", args=[e.pk]),
    "media": lambda e: reverse("portal:media", args=[e.pk, "pic.png"]),
    "diary": lambda e: reverse("portal:diary_entry", args=[e.pk, "sleep", "d1"]),
    "autosave": lambda e: reverse("portal:autosave", args=[e.pk, "exercises"]),
}


@pytest.mark.parametrize("name", list(CITIZEN_ONLY))
def test_the_citizens_own_pages_are_not_found_for_a_relative(relative_world, login, name):
    rw = relative_world
    DiaryEntry.objects.create(
        enrollment=rw.enrollment, diary_key="d1", entry_date="2026-01-01", values={"hours": 3}
    )
    client = login(rw.relative)
    url = CITIZEN_ONLY[name](rw.enrollment)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"hw1-text": "x"}).status_code == 404


def test_a_due_questionnaire_is_not_found_for_a_relative(relative_world, login):
    rw = relative_world
    response = QuestionnaireResponseFactory(enrollment=rw.enrollment)
    url = reverse("portal:due_questionnaire", args=[rw.enrollment.pk, response.pk])
    assert login(rw.relative).get(url).status_code == 404


def test_a_closed_enrollment_stays_readable_for_the_relative(relative_world, login):
    enrollment = relative_world.enrollment
    enrollment.phase = Phase.CLOSED
    enrollment.closed_at = timezone.now()
    enrollment.save(update_fields=["phase", "closed_at"])
    client = login(relative_world.relative)
    page = client.get(reverse("portal:following", args=[enrollment.pk]))
    assert page.status_code == 200
    assert "Programmet är avslutat" in page.content.decode()
    assert (
        client.get(reverse("portal:following_step", args=[enrollment.pk, "intro"])).status_code
        == 200
    )
