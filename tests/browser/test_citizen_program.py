"""The citizen works through a program: autosave survives a reload, a PHQ-9 is scored, results.

Runs at phone and desktop size; axe checks home, the step pages, results and plan.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.care.models import Answer, Flag, QuestionnaireResponse
from tests.browser.helpers import assert_accessible
from tests.portal.fixtures import make_enrollment, make_release

pytestmark = pytest.mark.browser


def test_the_citizen_autosaves_answers_a_phq9_and_sees_the_results(page, server, world, log_in_as):
    release = make_release(world.provider, world.unit)
    enrollment = make_enrollment(
        world.citizen, world.unit, release, practitioner=world.practitioner
    )
    log_in_as(page, world.citizen)

    # Home shows the program with its progress.
    page.goto(f"{server}{reverse('portal:home')}")
    expect(page.get_by_role("heading", level=3, name="Må bättre")).to_be_visible()
    assert_accessible(page)

    # The citizen types a homework answer; it is saved as they type.
    step_url = f"{server}{reverse('portal:step', args=[enrollment.pk, 'exercises'])}"
    page.goto(step_url)
    page.get_by_label("Your answer").fill("Jag tog en promenad")
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    assert_accessible(page)

    # After a reload the answer is still there.
    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value("Jag tog en promenad")
    assert Answer.objects.get(enrollment=enrollment, block_key="hw1").value == {
        "text": "Jag tog en promenad"
    }

    # A submit with bad input shows the problems and keeps the answer.
    page.get_by_label("Timmar").fill("många")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_value("Jag tog en promenad")
    expect(page.get_by_label("Timmar")).to_have_value("många")
    assert_accessible(page)

    # The citizen fills in the PHQ-9 with item 9 above "Not at all".
    page.goto(f"{server}{reverse('portal:step', args=[enrollment.pk, 'mood-check'])}")
    for item in range(1, 10):
        code = "2" if item == 9 else "1"
        page.locator(f"#q1-{item} input[value='{code}']").check()
    assert_accessible(page)
    page.get_by_role("button", name="Next step").click()

    # The next step opens; the response is scored and a red flag is raised.
    page.wait_for_url(step_url)
    expect(page.get_by_role("heading", level=1, name="Hemuppgifter")).to_be_visible()
    response = QuestionnaireResponse.objects.get(enrollment=enrollment)
    assert response.score["total"] == 10
    assert Flag.objects.filter(enrollment=enrollment, kind="alert", level="red").exists()

    # The results show the score as a chart with a table alternative and the band label.
    page.goto(f"{server}{reverse('portal:results', args=[enrollment.pk])}")
    expect(page.get_by_role("img", name="Line chart")).to_be_visible()
    expect(page.get_by_role("cell", name="Moderate")).to_be_visible()
    assert_accessible(page)

    # The activity plan lists what is due when.
    page.goto(f"{server}{reverse('portal:plan', args=[enrollment.pk])}")
    expect(page.get_by_role("heading", level=1, name="Activity plan")).to_be_visible()
    assert_accessible(page)


def test_answers_typed_while_offline_are_put_back_and_saved_after_a_reload(
    desktop_page, server, world, log_in_as
):
    page = desktop_page
    release = make_release(world.provider, world.unit)
    enrollment = make_enrollment(world.citizen, world.unit, release)
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:step', args=[enrollment.pk, 'exercises'])}")

    # The connection is lost while the citizen types.
    page.route("**/autosave/", lambda route: route.abort())
    page.get_by_label("Your answer").fill("Skrivet utan nät")
    expect(page.get_by_role("status").filter(has_text="kept in this browser")).to_be_visible()
    assert not Answer.objects.filter(enrollment=enrollment).exists()

    # Back online, a reload puts the answer back from the browser and saves it.
    page.unroute("**/autosave/")
    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value("Skrivet utan nät")
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    assert Answer.objects.get(enrollment=enrollment, block_key="hw1").value == {
        "text": "Skrivet utan nät"
    }


def test_a_follow_up_question_appears_when_its_condition_holds(
    desktop_page, server, world, log_in_as
):
    page = desktop_page
    release = make_release(world.provider, world.unit, conditional=True)
    enrollment = make_enrollment(world.citizen, world.unit, release)
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:step', args=[enrollment.pk, 'habits'])}")
    follow_up = page.get_by_label("How many cigarettes a day?")
    expect(follow_up).to_be_hidden()

    page.get_by_label("Yes").check()

    expect(follow_up).to_be_visible()
    assert_accessible(page)
    page.get_by_label("No").check()
    expect(follow_up).to_be_hidden()


def test_the_other_citizen_pages_are_accessible(page, server, world, log_in_as):
    import datetime as dt

    from django.utils import timezone

    from stegvis.care.models import DiaryEntry, QuestionnaireResponse
    from stegvis.care.services.answers import save_answer
    from tests.portal.fixtures import open_module_now

    release = make_release(world.provider, world.unit)
    open_release = make_release(world.provider, world.unit, key="open", open_=True)
    enrollment = make_enrollment(world.citizen, world.unit, release)
    open_module_now(enrollment, "m2")
    for days, hours in ((2, 6), (1, 7.5)):
        DiaryEntry.objects.create(
            enrollment=enrollment,
            diary_key="d1",
            entry_date=timezone.localdate() - dt.timedelta(days=days),
            values={"hours": hours, "note": "ok"},
        )
    save_answer(
        actor=world.citizen,
        enrollment=enrollment,
        block_key="fb1",
        value={"text": "Hej"},
        submit=True,
    )
    due = QuestionnaireResponse.objects.create(
        enrollment=enrollment,
        questionnaire_key="phq9",
        definition_version="1.0.0",
        occasion="schedule:start:1:phq9",
        due_at=timezone.now(),
    )
    log_in_as(page, world.citizen)
    urls = [
        reverse("portal:program", args=[enrollment.pk]),
        reverse("portal:step", args=[enrollment.pk, "intro"]),
        reverse("portal:step", args=[enrollment.pk, "sleep"]),
        reverse("portal:step", args=[enrollment.pk, "reflect"]),
        reverse("portal:due_questionnaire", args=[enrollment.pk, due.pk]),
        reverse("portal:open_program", args=[open_release.pk]),
    ]
    for url in urls:
        response = page.goto(f"{server}{url}")
        assert response is not None and response.status == 200, url
        assert_accessible(page)

    # A diary entry with bad input, as the citizen sees it after the failed submit.
    page.goto(f"{server}{reverse('portal:step', args=[enrollment.pk, 'sleep'])}")
    page.get_by_label("Timmar").fill("sju")
    page.get_by_role("button", name="Add entry").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Timmar")).to_have_value("sju")
    assert_accessible(page)
