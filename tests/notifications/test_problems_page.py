"""The staff page of notifications that did not go out: what, when, why; no content."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from stegvis.notifications.models import Notification, Status
from tests.plugins.queries import assert_page_queries

URL = reverse("clinic:notification_problems")


def _problem(world, enrollment, n, status=Status.FAILED, **extra):
    return Notification.objects.create(
        recipient=world.citizen,
        kind="new_message",
        channel="sms",
        key=f"p:{n}",
        enrollment=enrollment,
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
    assert_page_queries(client, URL, 14, grow=grow)


def test_the_nav_links_to_the_page_for_practitioners(world, login):
    body = login(world.practitioner).get(reverse("clinic:start")).content.decode()
    assert URL in body
    body = login(world.data_admin).get(reverse("clinic:start")).content.decode()
    assert URL not in body
