"""Mina, Alla and Hantera run a fixed number of queries however much data there is.

Each test warms up with one request (sessions, caches), asserts the exact number of queries of
a request with little data, adds much more (enrollments, answers, flags, feedback) and asserts
the same number again.
"""

from tests.care.helpers import fill
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
    # Session, user, user session touch (savepoint, select, user, update, release), MFA check,
    # roles, workplace unit; the paginator's count; the access-log event and the citizens it
    # names (two inserts: one compact list read, ADR 0007); the page's ids
    # (sorted and limited on the enrollment table with the red-flag marker); the page's rows by
    # id (citizen, release, practitioner, feedback waiting and unread messages joined in); the
    # prefetch of their open flags; the prefetch of their groups; the unit's groups (filter).
    assert_page_queries(client, "/clinic/care/", 21, grow=lambda: _more_enrollments(start, 8))


def test_alla_runs_a_constant_number_of_queries(world, login, start):
    FlagFactory(enrollment=start())
    client = login(world.citizen_admin)
    # As Mina, plus the filter choices (practitioners at the unit, programs enrolled).
    url = "/clinic/care/all/?flag=red"
    assert_page_queries(client, url, 24, grow=lambda: _more_enrollments(start, 8))


def test_hantera_runs_a_constant_number_of_queries(world, login, start):
    enrollment = start()
    fill(enrollment, 1)
    client = login(world.practitioner)
    # Session, user, user session touch (5), MFA, roles, workplace unit; the enrollment with
    # citizen, release, practitioner and unit; the access-log event; modules, completed steps,
    # questionnaire responses, answers, diary entries, feedback, flags with who acknowledged
    # them, history with its actors (one query each); the unit's groups with the enrollment's.
    url = f"/clinic/care/{enrollment.pk}/"
    assert_page_queries(client, url, 29, grow=lambda: fill(enrollment, 12, offset=1))
