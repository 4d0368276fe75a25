"""Every citizen page renders for the owner, with the release's content."""

import pytest
from django.urls import reverse

from tests.factories import QuestionnaireResponseFactory
from tests.portal.fixtures import open_module_now


def test_home_shows_the_program_with_progress_and_the_next_step(world, enrollment, login):
    response = login(world.citizen).get(reverse("portal:home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Må bättre" in content
    assert reverse("portal:step", args=[enrollment.pk, "intro"]) in content
    assert 'max="7" value="0"' in content  # seven visible steps, none done


def test_the_program_page_shows_open_modules_and_why_the_others_are_locked(
    world, enrollment, login
):
    content = login(world.citizen).get(reverse("portal:program", args=[enrollment.pk])).content
    content = content.decode()

    assert "Om programmet" in content
    assert "Opens when you have finished" in content or "Öppnas när" in content
    assert reverse("portal:step", args=[enrollment.pk, "sleep"]) not in content


def test_a_hidden_module_is_not_shown(world, enrollment, login):
    from stegvis.care.models import ModuleState

    ModuleState.objects.filter(enrollment=enrollment, module_key="m3").update(visibility="hidden")

    content = login(world.citizen).get(reverse("portal:program", args=[enrollment.pk])).content

    assert "Framåt" not in content.decode()


@pytest.mark.parametrize("step_key", ["intro", "mood-check", "exercises"])
def test_each_open_step_renders(world, enrollment, login, step_key):
    response = login(world.citizen).get(reverse("portal:step", args=[enrollment.pk, step_key]))

    assert response.status_code == 200


def test_the_diary_and_feedback_steps_render_when_open(world, enrollment, login):
    open_module_now(enrollment, "m2")
    client = login(world.citizen)

    sleep = client.get(reverse("portal:step", args=[enrollment.pk, "sleep"])).content.decode()
    reflect = client.get(reverse("portal:step", args=[enrollment.pk, "reflect"]))

    assert 'rel="noopener noreferrer"' in sleep
    assert 'form="diary-d1-form"' in sleep
    assert reflect.status_code == 200


def test_a_step_in_a_locked_module_is_not_found(world, enrollment, login):
    response = login(world.citizen).get(reverse("portal:step", args=[enrollment.pk, "sleep"]))

    assert response.status_code == 404


def test_results_and_plan_render(world, enrollment, login):
    client = login(world.citizen)

    assert client.get(reverse("portal:results", args=[enrollment.pk])).status_code == 200
    plan = client.get(reverse("portal:plan", args=[enrollment.pk]))
    assert plan.status_code == 200
    assert "PHQ-9" in plan.content.decode()


def test_a_due_questionnaire_is_on_home_and_can_be_answered(world, enrollment, login):
    due = QuestionnaireResponseFactory(enrollment=enrollment)
    client = login(world.citizen)
    url = reverse("portal:due_questionnaire", args=[enrollment.pk, due.pk])

    assert url in client.get(reverse("portal:home")).content.decode()
    assert client.get(url).status_code == 200
