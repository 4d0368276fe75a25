"""The staff page of notifications that did not go out: what, when, why; no content."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from stegvis.care.subjects import ENROLLMENT
from stegvis.notifications.models import Status
from stegvis.notifications.services import move_subject
from stegvis.notifications.subjects import Subject, link_to
from tests.factories import NotificationFactory
from tests.plugins.queries import assert_page_queries

URL = reverse("clinic:notification_problems")


def _problem(world, enrollment, n, status=Status.FAILED, **extra):
    return NotificationFactory(
        enrollment=enrollment,
        key=f"p:{n}",
        status=status,
        last_error="SmsError (HTTP 503)",
        **extra,
    )


def test_failed_uncertain_retrying_and_overdue_are_listed_sent_are_not(world, login, start):
    enrollment = start()
    old = timezone.now() - dt.timedelta(hours=2)
    _problem(world, enrollment, 1)
    _problem(world, enrollment, 2, status=Status.UNCERTAIN)
    _problem(world, enrollment, 3, status=Status.PENDING, attempts=2)
    _problem(world, enrollment, 4, status=Status.PENDING, not_before=old)
    _problem(world, enrollment, 5, status=Status.SENT)
    _problem(world, enrollment, 6, status=Status.PENDING)  # waiting as planned
    body = login(world.practitioner).get(URL).content.decode()
    assert body.count("SmsError (HTTP 503)") == 4
    assert "Misslyckades" in body and "Försöker igen" in body and "Försenad" in body
    assert reverse("clinic:enrollment", args=[enrollment.pk]) in body
    assert "Tolvan" not in body and enrollment.release.name not in body


def test_the_page_runs_a_constant_number_of_queries(world, login, start):
    enrollment = start()
    client = login(world.practitioner)
    _problem(world, enrollment, 0)

    def grow():
        for n in range(1, 30):
            _problem(world, enrollment, n)

    # Session, user, roles and workplace, then one query for the problems.
    assert_page_queries(client, URL, 7, grow=grow)


def test_the_nav_links_to_the_page_for_practitioners(world, login):
    body = login(world.practitioner).get(reverse("clinic:start")).content.decode()
    assert URL in body
    body = login(world.data_admin).get(reverse("clinic:start")).content.decode()
    assert URL not in body


def test_a_notice_about_nothing_is_listed_without_a_link(world, login):
    NotificationFactory(
        recipient=world.citizen,
        unit_id=world.unit.pk,
        status=Status.FAILED,
        last_error="SmsError (HTTP 503)",
    )
    body = login(world.practitioner).get(URL).content.decode()
    assert "SmsError (HTTP 503)" in body and "Öppna moment" not in body


def test_a_subject_kind_without_a_registered_link_is_an_error():
    with pytest.raises(ImproperlyConfigured):
        link_to("no_such_subject", 1)
    assert link_to("", None) == ""


def test_moving_a_subject_moves_its_problems_to_the_other_units_page(world, login, start):
    enrollment = start()
    _problem(world, enrollment, 1)
    move_subject(Subject(unit_id=world.other_unit.pk, kind=ENROLLMENT, pk=enrollment.pk))
    assert "SmsError" not in login(world.practitioner).get(URL).content.decode()
    body = login(world.other_unit_practitioner).get(URL).content.decode()
    assert reverse("clinic:enrollment", args=[enrollment.pk]) in body
