"""The review pages and the citizen's page run a fixed number of queries however big the log."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CitizenFactory


def _count(client, url, data=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def _assert_constant(client, url, grow, data=None):
    client.get(url, data or {})
    few, _ = _count(client, url, data)
    grow()
    many, sql = _count(client, url, data)
    assert many == few, "\n".join(sql)


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
    # Session, user, session touch, MFA, roles, workplace; the citizen and staff member of the
    # filter; the units for the form; the paginator's count; the page of events with actor,
    # unit and citizen joined; the search's own event (one insert: sealing is the worker's).
    client = login(world.provider_admin)
    data = {"citizen": world.citizen.pk, "actor": world.other_unit_practitioner.pk}
    _assert_constant(client, "/clinic/access-log/", _grow(world, read), data)


def test_the_patterns_run_a_constant_number_of_queries(world, login, read, settings):
    settings.AUDIT_MANY_CITIZENS_PER_DAY = 2
    read()
    # As the search's first queries; the page's own event; one aggregate per pattern.
    client = login(world.provider_admin)
    _assert_constant(client, "/clinic/access-log/patterns/", _grow(world, read))


def test_the_citizens_page_runs_a_constant_number_of_queries(world, login, read):
    read()
    # Session, user, session touch; the paginator's count; the page with unit and provider.
    client = login(world.citizen)
    _assert_constant(client, "/portal/access-log/", _grow(world, read))


def test_the_export_runs_a_constant_number_of_queries(world, login, read):
    read()
    client = login(world.provider_admin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get("/clinic/access-log/export/").streaming_content)
        return len(ctx.captured_queries)

    count()
    few = count()
    _grow(world, read)()
    assert count() == few
