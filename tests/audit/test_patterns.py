"""Patterns worth a look: reads outside enrollments, many citizens a day, reads at night."""

import datetime as dt

from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.audit.services import patterns
from tests.factories import CitizenFactory

URL = "/clinic/access-log/patterns/"


def _period() -> patterns.Period:
    return patterns.Period.default()


def _at(hour: int) -> dt.datetime:
    day = timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def test_a_read_of_a_citizen_without_an_enrollment_at_the_readers_unit_is_flagged(
    world, start, read
):
    start()  # world.citizen is enrolled at world.unit with world.practitioner
    read()  # the practitioner at their own unit: fine
    read(actor=world.other_unit_practitioner, unit=world.other_unit)  # not their patient
    read(citizen=world.other_citizen)  # not enrolled anywhere
    rows = patterns.outside_enrollments(world.provider, _period())
    flagged = {(r["actor_id"], r["citizen_id"]) for r in rows}
    assert flagged == {
        (world.other_unit_practitioner.pk, world.citizen.pk),
        (world.practitioner.pk, world.other_citizen.pk),
    }


def test_the_responsible_practitioner_is_not_flagged_from_another_unit(world, start, read):
    start()
    read(unit=world.other_unit)
    assert patterns.outside_enrollments(world.provider, _period()) == []


def test_list_pages_and_the_review_itself_are_not_flagged(world, read):
    read(action="care.list_all")
    read(action="audit.search", actor=world.provider_admin)
    assert patterns.outside_enrollments(world.provider, _period()) == []


def test_many_distinct_citizens_in_one_day_are_flagged(world, read, settings):
    settings.AUDIT_MANY_CITIZENS_PER_DAY = 3
    for _ in range(4):
        read(citizen=CitizenFactory(), when=_at(10))
    for _ in range(2):
        read(actor=world.citizen_admin, citizen=CitizenFactory(), when=_at(10))
    read(actor=world.citizen_admin, citizen=world.citizen, when=_at(10))
    read(actor=world.citizen_admin, citizen=world.citizen, when=_at(11))  # same citizen again
    rows = patterns.many_citizens_a_day(world.provider, _period())
    assert [(r["actor_id"], r["citizens"]) for r in rows] == [(world.practitioner.pk, 4)]
    assert rows[0]["day"] == timezone.localdate()


def test_reads_at_night_are_flagged_in_local_time(world, read):
    read(when=_at(23))
    read(when=_at(2))
    read(actor=world.citizen_admin, when=_at(14))
    rows = patterns.at_night(world.provider, _period())
    assert [(r["actor_id"], r["reads"]) for r in rows] == [(world.practitioner.pk, 2)]


def test_another_providers_events_are_never_flagged(world, read):
    read(actor=world.foreign_staff, unit=world.foreign_unit, when=_at(3))
    assert patterns.outside_enrollments(world.provider, _period()) == []
    assert patterns.at_night(world.provider, _period()) == []


def test_each_flag_links_to_the_matching_search(world, login, read):
    read(citizen=world.other_citizen, when=_at(3))
    response = login(world.provider_admin).get(URL)
    html = response.content.decode()
    day = timezone.localdate().isoformat()
    assert (
        f"/clinic/access-log/?citizen={world.other_citizen.pk}&amp;actor={world.practitioner.pk}"
        in html
    )
    assert f"/clinic/access-log/?actor={world.practitioner.pk}&amp;from={day}&amp;to={day}" in html


def test_the_patterns_page_is_recorded(world, login):
    login(world.provider_admin).get(URL)
    assert AccessEvent.objects.filter(action="audit.patterns").count() == 1


def test_a_chosen_period_limits_the_patterns(world, login, read):
    read(citizen=world.other_citizen, when=_at(3) - dt.timedelta(days=40))
    client = login(world.provider_admin)
    assert client.get(URL).context["outside"] == []
    old = (timezone.localdate() - dt.timedelta(days=40)).isoformat()
    response = client.get(URL, {"date_from": old, "date_to": old})
    assert len(response.context["outside"]) == 1
