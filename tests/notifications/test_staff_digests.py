"""Staff get one e-mail per period with counts per unit, only when something is new."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from stegvis.notifications.digests import queue_staff_digests
from stegvis.notifications.tasks import send_due_notifications
from tests.factories import FlagFactory, MessageFactory


def _citizen_message(enrollment, text="Jag mår dåligt idag"):
    return MessageFactory(enrollment=enrollment, body=text)


def _red_flag(enrollment, key="alert:1"):
    return FlagFactory(enrollment=enrollment, dedupe_key=key, reason="PHQ-9 item 9")


def test_a_digest_counts_messages_and_red_flags_per_unit_and_names_nobody(world, start):
    enrollment = start()
    _citizen_message(enrollment)
    _citizen_message(enrollment, "Och igen")
    _red_flag(enrollment)
    send_due_notifications.call()
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {world.practitioner.email, world.citizen_admin.email}
    body = to[world.practitioner.email].body
    assert world.unit.hsa_id in body
    assert "2 olästa meddelanden från invånare" in body and "1 prioriterad flagga" in body
    assert "/clinic/care/" in body
    for secret in ("Tolvan", "Jag mår", "PHQ", world.unit.name, enrollment.release.name):
        assert secret not in body and secret not in to[world.practitioner.email].subject


def test_nothing_new_means_no_digest(world, start):
    start()
    send_due_notifications.call()
    assert mail.outbox == []


def test_one_digest_per_period_and_then_only_for_news(world, start, settings):
    settings.NOTIFICATION_STAFF_DIGEST_PERIOD = dt.timedelta(hours=24)
    enrollment = start()
    _red_flag(enrollment)
    assert queue_staff_digests() == 2
    _red_flag(enrollment, "alert:2")
    assert queue_staff_digests() == 0  # same period
    later = timezone.now() + dt.timedelta(hours=25)
    assert queue_staff_digests(now=later) == 2  # a new flag since the last digest
    assert queue_staff_digests(now=later + dt.timedelta(hours=25)) == 0  # nothing new since


def test_read_messages_and_acknowledged_flags_do_not_count(world, start):
    enrollment = start()
    message = _citizen_message(enrollment)
    message.read_by_team_at = timezone.now()
    message.save()
    flag = _red_flag(enrollment)
    flag.acknowledged_at = timezone.now()
    flag.save()
    assert queue_staff_digests() == 0


def test_staff_at_other_units_get_nothing(world, start):
    enrollment = start()
    _red_flag(enrollment)
    send_due_notifications.call()
    recipients = {m.to[0] for m in mail.outbox}
    assert world.other_unit_practitioner.email not in recipients
    assert world.foreign_staff.email not in recipients
    assert world.inactivated_staff.email not in recipients
