"""The conversation pages and the lists with unread counts run a fixed number of queries."""

from django.urls import reverse

from stegvis.catalog.models import UnitActivation
from stegvis.organisation.models import Role
from tests.factories import (
    CitizenFactory,
    MessageTemplateFactory,
    StaffFactory,
    UnitFactory,
    assign,
)
from tests.messaging.conftest import PDF, upload
from tests.messaging.helpers import citizen_says, team_says
from tests.plugins.queries import assert_page_queries


def _conversation(world, enrollment, n):
    for i in range(n):
        team_says(world.practitioner, enrollment, f"Fråga {i}", files=[upload(f"{i}.pdf", PDF)])
        citizen_says(world.citizen, enrollment, f"Svar {i}")


def test_the_staff_conversation_runs_a_constant_number_of_queries(world, login, enrollment):
    _conversation(world, enrollment, 1)
    client = login(world.practitioner)
    # Request setup (session, user, roles, workplace); the enrollment; the access-log event;
    # the page count, the page of messages with authors, their attachments; marking read;
    # the unit's templates for the chooser (exists) and their choices; the draft.
    assert_page_queries(
        client,
        reverse("clinic:messages", args=[enrollment.pk]),
        14,
        grow=lambda: _conversation(world, enrollment, 8),
    )


def test_the_citizen_conversation_runs_a_constant_number_of_queries(world, login, enrollment):
    _conversation(world, enrollment, 1)
    client = login(world.citizen)
    # Request setup; the enrollment; the access-log event; the page count, messages with
    # authors, attachments; marking read; the "may write" check; the draft.
    assert_page_queries(
        client,
        reverse("portal:messages", args=[enrollment.pk]),
        10,
        grow=lambda: _conversation(world, enrollment, 8),
    )


def _more(world, start, n):
    for _ in range(n):
        enrollment = start(citizen=CitizenFactory())
        citizen_says(enrollment.citizen, enrollment)
        team_says(world.practitioner, enrollment)


def test_mina_with_unread_counts_runs_a_constant_number_of_queries(world, login, start):
    citizen_says(world.citizen, start())
    client = login(world.practitioner)
    # The counts (unread, feedback waiting) are in the query of the page's rows, after the LIMIT;
    # the unit's groups (the filter) and the rows' groups (a prefetch) are two more; the list
    # read is one event and one insert of the citizens shown (ADR 0007, compact list reads).
    url = reverse("clinic:my_enrollments")
    assert_page_queries(client, url, 14, grow=lambda: _more(world, start, 6))


def test_alla_with_unread_counts_runs_a_constant_number_of_queries(world, login, start):
    citizen_says(world.citizen, start())
    client = login(world.citizen_admin)
    url = reverse("clinic:unit_enrollments")
    assert_page_queries(client, url, 17, grow=lambda: _more(world, start, 6))


def test_the_citizen_home_with_new_counts_runs_a_constant_number_of_queries(
    world, login, start, release
):
    team_says(world.practitioner, start())
    client = login(world.citizen)

    def grow():
        # The same citizen in the program at more units, each with new messages.
        for _ in range(4):
            unit = UnitFactory(provider=world.provider)
            UnitActivation.objects.create(release=release, unit=unit)
            practitioner = assign(StaffFactory(), unit, Role.PRACTITIONER)
            team_says(practitioner, start(unit=unit, practitioner=practitioner, actor=practitioner))

    assert_page_queries(client, reverse("portal:home"), 9, grow=grow)


def test_the_template_list_runs_a_constant_number_of_queries(world, login):
    def add(n, offset=0):
        for i in range(offset, offset + n):
            author = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
            MessageTemplateFactory(unit=world.unit, title=f"Mall {i}", created_by=author)

    add(1)
    client = login(world.citizen_admin)
    # Request setup; the templates with who changed them last (one query).
    url = reverse("clinic:message_templates")
    assert_page_queries(client, url, 8, grow=lambda: add(6, offset=1))
