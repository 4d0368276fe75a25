"""A follow-up question shows only when its condition holds; hidden answers are not kept."""

import pytest
from django.urls import reverse

from stegvis.care.models import QuestionnaireResponse
from tests.portal.fixtures import make_enrollment, make_release


@pytest.fixture
def habits(world):
    release = make_release(world.provider, world.unit, conditional=True)
    return make_enrollment(world.citizen, world.unit, release)


def url(enrollment, name="portal:step"):
    return reverse(name, args=[enrollment.pk, "habits"])


def test_the_follow_up_is_hidden_until_its_condition_holds(world, habits, login):
    client = login(world.citizen)

    before = client.get(url(habits)).content.decode()
    client.post(url(habits), {"q2-smokes": "y", "action": "save"})
    after = client.get(url(habits)).content.decode()

    assert 'data-q="per-day" hidden' in before
    assert 'data-q="per-day">' in after


def test_autosave_says_which_items_show_with_the_saved_answers(world, habits, login):
    client = login(world.citizen)

    body = client.post(url(habits, "portal:autosave"), {"q2-smokes": "y"}).json()

    assert body["shown"] == {"q2": ["smokes", "per-day"]}


def test_an_answer_to_a_hidden_follow_up_is_dropped(world, habits, login):
    client = login(world.citizen)

    response = client.post(url(habits), {"q2-smokes": "n", "q2-per-day": "20", "action": "next"})

    assert response.status_code == 302
    saved = QuestionnaireResponse.objects.get(occasion="block:q2")
    assert saved.answers == {"smokes": "n"} and saved.completed_at is not None


def test_a_shown_follow_up_must_be_answered_with_a_whole_number(world, habits, login):
    client = login(world.citizen)

    response = client.post(url(habits), {"q2-smokes": "y", "q2-per-day": "tjugo", "action": "next"})

    assert response.status_code == 400
    content = response.content.decode()
    assert 'href="#q2-per-day"' in content and 'value="tjugo"' in content
