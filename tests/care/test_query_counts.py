"""Mina, Alla and Hantera run a fixed number of queries however much data there is.

Each test warms up with one request (sessions, caches), asserts the exact number of queries of
a request with little data, adds much more (enrollments, answers, flags, feedback) and asserts
the same number again.
"""

import pytest

from tests.care.helpers import fill, long_treatment
from tests.factories import CitizenFactory, FeedbackFactory, FlagFactory
from tests.plugins.queries import assert_page_queries


def _more_enrollments(start, n):
    for _ in range(n):
        enrollment = start(citizen=CitizenFactory())
        FlagFactory(enrollment=enrollment)
        FlagFactory(enrollment=enrollment, kind="overdue", level="yellow")
        FeedbackFactory(enrollment=enrollment)


def test_mina_runs_a_constant_number_of_queries(world, login, start):
    start()
    client = login(world.practitioner)
    # Session, user, MFA check,
    # roles, workplace unit; the paginator's count; the access-log event and the citizens it
    # names (two inserts: one compact list read, ADR 0007); the page's ids
    # (sorted and limited on the enrollment table with the red-flag marker); the page's rows by
    # id (citizen, release, practitioner, feedback waiting and unread messages joined in); the
    # prefetch of their groups; their open flags counted by level and kind; the unit's groups
    # (filter); the menu's log reviewer check.
    assert_page_queries(client, "/clinic/care/", 14, grow=lambda: _more_enrollments(start, 8))


def test_alla_runs_a_constant_number_of_queries(world, login, start):
    FlagFactory(enrollment=start())
    client = login(world.citizen_admin)
    # As Mina, plus the filter choices (practitioners at the unit, programs enrolled).
    url = "/clinic/care/all/?flag=red"
    assert_page_queries(client, url, 17, grow=lambda: _more_enrollments(start, 8))


def test_hantera_runs_a_constant_number_of_queries(world, login, start):
    enrollment = start()
    fill(enrollment, 1)
    client = login(world.practitioner)
    # Session, user, MFA, roles, workplace unit; the enrollment with
    # citizen, release, practitioner and unit; the access-log event; the newest completed
    # questionnaires, answers, diary entries, history with its actors (each LIMIT 11); the open
    # flags, the newest acknowledged ones with who acknowledged them (LIMIT 11), the responses
    # named by open item alerts; each questionnaire's first and latest result (a window);
    # upcoming work, modules, completed steps, the questionnaires waiting; feedback and the
    # answers of its blocks; the unit's groups with the enrollment's; then the panels
    # (reviewer, pending handover, unread messages, relatives).
    # The responses named by open alerts and the feedback blocks' answers are read only when
    # there are such (an empty IN list runs no query): this enrollment has both.
    url = f"/clinic/care/{enrollment.pk}/"
    assert_page_queries(client, url, 26, grow=lambda: fill(enrollment, 12, offset=1))


def test_hantera_runs_the_same_queries_after_a_long_treatment(world, login, start):
    enrollment = start()
    fill(enrollment, 1)
    client = login(world.practitioner)
    # As above: hundreds of rows of history, answers, diary, results and flags change nothing.
    url = f"/clinic/care/{enrollment.pk}/"
    assert_page_queries(client, url, 26, grow=lambda: long_treatment(enrollment, 200))


@pytest.mark.parametrize(
    ("part", "expected"), [("history", 10), ("answers", 10), ("diary", 10), ("results", 11)]
)
def test_hanteras_sub_pages_run_a_constant_number_of_queries(world, login, start, part, expected):
    enrollment = start()
    fill(enrollment, 1)
    client = login(world.practitioner)
    # Session, user, MFA, roles, workplace unit; the enrollment with
    # citizen, release, practitioner and unit; the access-log event; the paginator's count;
    # the page's rows (LIMIT 20); the menu (reviewer). The results page also
    # reads what its charts draw: each questionnaire's first and newest 52 results (a window).
    url = f"/clinic/care/{enrollment.pk}/{part}/"
    assert_page_queries(client, url, expected, grow=lambda: long_treatment(enrollment, 60))
