"""Mina, Alla and Hantera run a fixed number of queries however much data there is.

Each test warms up with one request (sessions, caches), counts the queries of a request with
little data, adds much more (enrollments, answers, flags, feedback) and counts again.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.care.models import Feedback, Flag
from tests.care.helpers import fill
from tests.factories import CitizenFactory


def _count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def _more_enrollments(start, n):
    for _ in range(n):
        enrollment = start(citizen=CitizenFactory())
        Flag.objects.create(enrollment=enrollment, kind="alert", level="red", dedupe_key="a")
        Flag.objects.create(enrollment=enrollment, kind="overdue", level="yellow", dedupe_key="o")
        Feedback.objects.create(enrollment=enrollment, block_key="act-feedback")


def _assert_constant(client, url, grow):
    client.get(url)
    few, _ = _count(client, url)
    grow()
    many, sql = _count(client, url)
    assert many == few, "\n".join(sql)
    return many


def test_mina_runs_a_constant_number_of_queries(world, login, start):
    start()
    client = login(world.practitioner)
    # 17 today: session, user, user session touch (savepoint, select, user, update, release),
    # MFA check, roles, workplace unit; the paginator's count; the access-log event (savepoint,
    # chain head, insert, release); the page of enrollments (citizen, release, practitioner,
    # red-flag marker and waiting feedback joined in); the prefetch of their open flags.
    _assert_constant(client, "/clinic/care/", lambda: _more_enrollments(start, 8))


def test_alla_runs_a_constant_number_of_queries(world, login, start):
    Flag.objects.create(enrollment=start(), kind="alert", level="red", dedupe_key="a")
    client = login(world.citizen_admin)
    # 19 today: as Mina, plus the filter choices (practitioners at the unit, programs enrolled).
    url = "/clinic/care/all/?flag=red"
    _assert_constant(client, url, lambda: _more_enrollments(start, 8))


def test_hantera_runs_a_constant_number_of_queries(world, login, start):
    enrollment = start()
    fill(enrollment, 1)
    client = login(world.practitioner)
    # 23 today: session, user, user session touch (5), MFA, roles, workplace unit; the
    # enrollment with citizen, release, practitioner and unit; the access-log event (4);
    # modules, completed steps, questionnaire responses, answers, diary entries, feedback,
    # flags with who acknowledged them, history with its actors (one query each).
    url = f"/clinic/care/{enrollment.pk}/"
    _assert_constant(client, url, lambda: fill(enrollment, 12, offset=1))
