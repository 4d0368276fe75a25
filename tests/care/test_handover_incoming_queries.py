"""The incoming handovers list runs a fixed number of queries however many are waiting."""

from django.urls import reverse

from stegvis.care.services.handover import start_handover
from tests.care import handover_fixtures
from tests.factories import CitizenFactory, StaffFactory, assign
from tests.plugins.queries import assert_page_queries

receiving = handover_fixtures.receiving


def _send(world, start, receiving, n):
    from stegvis.organisation.models import Role

    for _ in range(n):
        sender = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
        enrollment = start(citizen=CitizenFactory(), practitioner=sender, actor=sender)
        start_handover(actor=sender, enrollment=enrollment, to_unit=receiving.unit, consent=True)


def test_the_incoming_list_runs_a_constant_number_of_queries(world, receiving, start, login):
    _send(world, start, receiving, 1)
    client = login(receiving.citizen_admin)
    url = reverse("clinic:handovers_incoming")
    # Session, user, MFA, roles, workplace unit, the nav's count of
    # incoming handovers; the access-log event and the citizens it names (two inserts, a compact
    # list read); the handovers with citizen, release, sending unit and provider, and sender
    # joined in.
    assert_page_queries(client, url, 10, grow=lambda: _send(world, start, receiving, 6))
