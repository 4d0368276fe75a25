"""Two people doing the same thing at the same moment get a clear answer, never a 500.

Run in threads on an SQLite file (tests/threads.py), the way the demo's server runs: two
citizen admins approve one handover at once, a practitioner's double click starts an
enrollment twice, two people change the practitioner at once.
"""

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import Enrollment, Handover
from stegvis.care.services import handover as service
from stegvis.care.services import reassign
from stegvis.care.services.enrollment import start_enrollment
from stegvis.organisation.models import Role
from tests.care import handover_fixtures
from tests.factories import StaffFactory, assign
from tests.signin import sign_in
from tests.threads import at_once, in_a_thread, on_a_file_database

pytestmark = pytest.mark.django_db(transaction=True)

receiving = handover_fixtures.receiving
pending = handover_fixtures.pending
enrollment = handover_fixtures.enrollment


@pytest.fixture
def slow_decisions(monkeypatch):
    """Hold each decision a moment after it read the handover, so both have read it."""
    read = service._locked_pending

    def slowly(handover):
        found = read(handover)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(service, "_locked_pending", slowly)


def _codes(results) -> list[str]:
    return [e.code for r in results if isinstance(r, ValidationError) for e in r.error_list]


def test_two_approvals_at_once_approve_once_and_tell_the_other_why(
    world, receiving, pending, slow_decisions, tmp_path
):
    second_admin = assign(StaffFactory(), receiving.unit, Role.CITIZEN_ADMIN)

    def approve(actor):
        return lambda: service.approve_handover(
            actor=actor, handover=pending, practitioner=receiving.practitioner
        )

    with on_a_file_database(tmp_path):
        results = at_once(approve(receiving.citizen_admin), approve(second_admin))
        statuses = in_a_thread(lambda: list(Handover.objects.values_list("status", flat=True)))

    assert not [r for r in results if isinstance(r, OperationalError)], results
    assert sum(isinstance(r, Handover) for r in results) == 1, results
    assert _codes(results) == ["not_pending"]
    assert statuses == [Handover.Status.APPROVED]


def test_two_approve_clicks_at_once_answer_a_page_each_and_no_500(
    world, receiving, pending, slow_decisions, tmp_path
):
    second_admin = assign(StaffFactory(), receiving.unit, Role.CITIZEN_ADMIN)
    url = reverse("clinic:handover_approve", args=[pending.pk])

    clients = []
    for admin in (receiving.citizen_admin, second_admin):
        client = Client(raise_request_exception=False)
        client.cookies["django_language"] = "en"
        sign_in(client, admin)
        clients.append(client)
    post = {"approve-practitioner": receiving.practitioner.pk}

    with on_a_file_database(tmp_path):
        responses = at_once(*(lambda c=c: c.post(url, post, follow=True) for c in clients))

    # The loser either re-renders the form with the reason (400) or, if the winner had already
    # committed, is sent to the incoming list with it.
    assert all(r.status_code in (200, 400) for r in responses), responses
    texts = " ".join(r.content.decode() for r in responses)
    assert "already been approved" in texts
    assert "taken over" in texts


def test_a_double_click_on_start_starts_one_enrollment(world, release, tmp_path):
    def start():
        return start_enrollment(
            actor=world.practitioner,
            unit=world.unit,
            release=release,
            citizen=world.citizen,
            practitioner=world.practitioner,
            start_date=timezone.localdate(),
        )

    with on_a_file_database(tmp_path):
        results = at_once(start, start)
        count = in_a_thread(Enrollment.objects.count)

    assert not [r for r in results if isinstance(r, OperationalError)], results
    assert sum(isinstance(r, Enrollment) for r in results) == 1, results
    assert len(_codes(results)) == 1
    assert count == 1


def test_two_changes_of_practitioner_at_once_both_answer(world, start, tmp_path):
    running = start()
    first = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    second = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    admin = assign(StaffFactory(), world.unit, Role.CITIZEN_ADMIN)

    def change(to):
        return lambda: reassign.change_practitioner(
            actor=admin, enrollment=running, practitioner=to
        )

    with on_a_file_database(tmp_path):
        results = at_once(change(first), change(second))
        practitioner_id = in_a_thread(lambda: Enrollment.objects.get(pk=running.pk).practitioner_id)

    assert all(isinstance(r, (Enrollment, ValidationError)) for r in results), results
    assert practitioner_id in (first.pk, second.pk)
