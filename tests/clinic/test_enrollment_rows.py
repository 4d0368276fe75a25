"""Mina's and Alla's rows, built in Python, are the markup the template loop made.

The loop that clinic/care/_table.html had (with its two includes) is kept here as the reference:
the page's table is rendered both ways over rows that take every branch (training, groups,
flags, unread messages, feedback waiting, no practitioner, no activity, no name, a name that
needs escaping, the menu with and without "Assign to me") and compared with runs of whitespace
made one.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import Enrollment
from stegvis.care.services.groups import add_to_group, create_group
from stegvis.care.services.lists import LEVEL_ORDER, open_flags
from stegvis.organisation.models import Role
from stegvis.organisation.training import SESSION_KEY
from tests.factories import (
    CitizenFactory,
    FeedbackFactory,
    FlagFactory,
    MessageFactory,
    RoleGrantFactory,
)

pytestmark = pytest.mark.django_db

# The loop clinic/care/_table.html had, with its two includes, as it was.
REFERENCE = (Path(__file__).parent / "enrollment_rows_reference.html").read_text()


def _rows(html: str) -> str:
    body = html[html.index("<tbody>") + len("<tbody>") : html.index("</tbody>")]
    return re.sub(r"\s+", " ", body).strip()


@pytest.fixture
def varied(world, start, release):
    def citizen(first, last):
        return CitizenFactory(first_name=first, last_name=last)

    flagged = start(citizen=citizen("Tolvan", '<b>Tolvansson</b> & "co"'))
    FlagFactory(enrollment=flagged)
    FlagFactory(enrollment=flagged, level="yellow", kind="feedback")
    FeedbackFactory(enrollment=flagged)
    MessageFactory(enrollment=flagged)
    MessageFactory(enrollment=flagged)
    queued = start(citizen=citizen("", ""))
    Enrollment.objects.filter(pk=queued.pk).update(
        practitioner=None, phase="queued", last_activity_at=None
    )
    training = start(citizen=citizen("Test", "Person"))
    Enrollment.objects.filter(pk=training.pk).update(is_training=True)
    grouped = start(citizen=citizen("Alva", "Grupp"))
    group = create_group(actor=world.practitioner, unit=world.unit, name="Grupp <vår> 2027")
    add_to_group(actor=world.practitioner, group=group, enrollments=[grouped, flagged])
    timezone.activate("Europe/Stockholm")


@pytest.mark.parametrize("who", ["citizen_admin", "practitioner", "both", "training"])
@pytest.mark.parametrize("page", ["clinic:my_enrollments", "clinic:unit_enrollments"])
def test_the_rows_are_the_templates_rows(world, varied, login, who, page):
    user = world.practitioner if who != "citizen_admin" else world.citizen_admin
    if who == "both":  # a citizen admin who is also a practitioner: "Assign to me"
        RoleGrantFactory(staff=user, unit=world.unit, role=Role.CITIZEN_ADMIN)
    client = login(user)
    if who == "training":  # training mode: the training enrollment, with its badge
        session = client.session
        session[SESSION_KEY] = True
        session.save()
    response = client.get(reverse(page))
    assert response.status_code == 200
    if who == "training":
        assert 'class="badge">Utbildning</span>' in response.content.decode()
    reference = engines["django"].from_string(REFERENCE)
    names = ("page", "group_choices", "practitioner_choices", "form", "user")
    context = {name: response.context[name] for name in names if name in response.context}
    for row in context["page"]:  # the flags as the template loop had them, one by one
        row.open_flags = list(
            open_flags().filter(enrollment=row).order_by(LEVEL_ORDER, "-raised_at")
        )
    expected = reference.render(
        {**context, "show_practitioner": True}, request=response.wsgi_request
    )
    rows = _rows(response.content.decode())
    assert rows == re.sub(r"\s+", " ", expected).strip()
    assert "<b>" not in rows
    if who != "training":
        assert "&lt;b&gt;Tolvansson&lt;/b&gt; &amp; &quot;co&quot;" in rows


def test_an_empty_list_says_so(world, login):
    response = login(world.citizen_admin).get(reverse("clinic:unit_enrollments"))
    assert _rows(response.content.decode()) == '<tr><td colspan="8">Inga moment.</td></tr>'


def test_alike_open_flags_are_one_badge_with_their_number(world, start, login):
    enrollment = start()
    for _ in range(17):
        FlagFactory(enrollment=enrollment)
    FlagFactory(enrollment=enrollment, level="yellow", kind="feedback")
    rows = _rows(login(world.practitioner).get(reverse("clinic:my_enrollments")).content.decode())
    assert rows.count('class="badge flag-red"') == 1
    assert 'class="badge flag-red">Prioriterad: Larm på fråga (17)</span>' in rows
    assert rows.count('class="badge flag-yellow"') == 1
    assert "Återkoppling väntar (" not in rows


def test_within_a_level_the_kind_raised_last_comes_first(world, start, login):
    enrollment = start()
    now = timezone.now()
    FlagFactory(enrollment=enrollment, kind="alert", raised_at=now - timedelta(days=3))
    FlagFactory(enrollment=enrollment, kind="alert", raised_at=now - timedelta(days=2))
    FlagFactory(enrollment=enrollment, kind="inactivity", level="yellow", raised_at=now)
    FlagFactory(enrollment=enrollment, kind="overdue", raised_at=now - timedelta(days=1))
    FlagFactory(enrollment=enrollment, kind="overdue", acknowledged_at=now)
    rows = _rows(login(world.practitioner).get(reverse("clinic:my_enrollments")).content.decode())
    badges = re.findall(r'class="badge flag-\w+">([^<]*)</span>', rows)
    assert badges == [
        "Prioriterad: Formulär försenat",
        "Prioriterad: Larm på fråga (2)",
        "Uppmärksamma: Inaktiv",
    ]
