"""The review pages and the citizen's page run a fixed number of queries however big the log."""

import datetime as dt

from django.utils import timezone

from tests.factories import CitizenFactory
from tests.plugins.queries import assert_page_queries, assert_queries


def _grow(world, read, n=12):
    night = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(2, 0)))

    def grow():
        for _i in range(n):
            citizen = CitizenFactory()
            read(citizen=citizen)
            read(actor=world.citizen_admin, citizen=citizen, when=night)
            read(actor=world.other_unit_practitioner, unit=world.other_unit, citizen=world.citizen)

    return grow


def test_the_search_runs_a_constant_number_of_queries(world, login, read):
    read(actor=world.other_unit_practitioner, unit=world.other_unit)
    # Session, user, MFA, roles, workplace; the citizen and staff member of the
    # filter; the units for the form; the paginator's count of lines; the page's lines (one
    # per citizen an event names); their events with actor, unit and citizen joined; the
    # search's own event (one insert: sealing is the worker's).
    client = login(world.provider_admin)
    data = {"citizen": world.citizen.pk, "actor": world.other_unit_practitioner.pk}
    assert_page_queries(client, "/clinic/access-log/", 13, grow=_grow(world, read), data=data)


def test_a_search_showing_list_reads_adds_one_query_for_their_citizens(world, login, read):
    from stegvis.audit.recording import record_reads

    def list_read():
        citizens = [world.citizen, *(CitizenFactory() for _ in range(3))]
        record_reads(
            actor=world.practitioner,
            action="care.list_all",
            unit=world.unit,
            rows=[(c.pk, None) for c in citizens],
            compact=True,
        )

    list_read()

    def grow():
        for _i in range(12):
            list_read()

    # As above without a citizen in the filter (one query fewer), and the citizens the page's
    # list reads show (one query however many). On PostgreSQL the page's end among the list
    # reads is found first (one query: lines.py, `_shown_of_newest_reads`).
    client = login(world.provider_admin)
    data = {"actor": world.practitioner.pk}
    expected = {"sqlite": 12, "postgresql": 13}
    assert_page_queries(client, "/clinic/access-log/", expected, grow=grow, data=data)


def test_the_patterns_run_a_constant_number_of_queries(world, login, read, settings):
    settings.AUDIT_MANY_CITIZENS_PER_DAY = 2
    read()
    # As the search's first queries; the page's own event; one aggregate per pattern.
    client = login(world.provider_admin)
    assert_page_queries(client, "/clinic/access-log/patterns/", 9, grow=_grow(world, read))


def test_the_citizens_page_runs_a_constant_number_of_queries(world, login, read):
    read()
    # Session, user; the paginator's count; the page with unit and provider.
    client = login(world.citizen)
    assert_page_queries(client, "/portal/access-log/", 5, grow=_grow(world, read))


def test_the_export_runs_a_constant_number_of_queries(world, login, read):
    read()
    client = login(world.provider_admin)

    def export():
        b"".join(client.get("/clinic/access-log/export/").streaming_content)

    export()  # warm up
    # Per 2,000 lines: the lines, then their events (and the citizens of list reads, if any).
    with assert_queries(8):
        export()
    _grow(world, read)()
    with assert_queries(8):
        export()
