"""My results show totals with band labels; the plan lists what is due when, in date order."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import Activity
from stegvis.care.services.questionnaires import save_questionnaire
from tests.factories import QuestionnaireResponseFactory
from tests.portal.documents import phq9_answers


def test_results_show_each_total_with_its_band_label(world, enrollment, login):
    save_questionnaire(
        actor=world.citizen,
        enrollment=enrollment,
        occasion="block:q1",
        answers=phq9_answers(value="2"),
        complete=True,
    )

    content = (
        login(world.citizen).get(reverse("portal:results", args=[enrollment.pk])).content.decode()
    )

    assert "<td>16</td>" in content  # eight items at 2, item 9 at 0
    assert "Medelsvåra" in content or "Måttliga" in content or "Moderately severe" in content
    assert "data:image/svg+xml;base64," in content
    assert '<th scope="col">' in content


def test_results_without_answers_say_so(world, enrollment, login):
    response = login(world.citizen).get(reverse("portal:results", args=[enrollment.pk]))

    assert response.status_code == 200
    assert "data:image/svg+xml" not in response.content.decode()


def test_the_plan_lists_due_work_in_date_order_and_modules_opened_later(world, enrollment, login):
    content = login(world.citizen).get(reverse("portal:plan", args=[enrollment.pk])).content
    content = content.decode()

    rows = Activity.objects.filter(enrollment=enrollment, done_at__isnull=True).order_by("due_at")
    assert rows.exists()
    opens_m4 = content.index("Uppföljning")
    questionnaire = content.index("PHQ-9")
    assert questionnaire < opens_m4  # PHQ-9 after 7 days, module 4 after 14
    assert "Framåt" in content  # opened by the practitioner, listed with why


def test_a_past_due_questionnaire_links_to_its_page(world, enrollment, login):
    due = QuestionnaireResponseFactory(
        enrollment=enrollment, due_at=timezone.now() - dt.timedelta(days=1)
    )

    content = login(world.citizen).get(reverse("portal:plan", args=[enrollment.pk])).content

    assert reverse("portal:due_questionnaire", args=[enrollment.pk, due.pk]) in content.decode()
