"""A read replica for reads that may be seconds old (stegvis/db_replica.py).

The routing is checked on its own, then end to end: the test adds a `replica` alias with a
connection of its own to the test database (a replica holds what the primary committed, so
these tests commit: transactional) and checks that the statistics and the log review's search
read through it while everything else, and every write, stays on the primary.
"""

import copy
from unittest import mock

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.urls import reverse

from stegvis.db_replica import REPLICA, ReplicaRouter, from_replica, replica_reads
from stegvis.organisation.models import CareUnit
from tests.plugins.queries import count_queries
from tests.statistics import usage_data

ROUTER = "stegvis.db_replica.ReplicaRouter"
PERIOD = {"date_from": "2025-01-01", "date_to": "2025-12-31", "group": "month"}


BOTH = ["default", REPLICA]


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    """A second connection to the test database under the alias `replica`, as the settings
    make it from DATABASE_REPLICA_URL (a mirror: the test runner neither creates nor flushes
    it). Module-wide, so it exists before pytest-django sets up each test's databases."""
    replica_settings = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    replica_settings["TEST"] = {**replica_settings.get("TEST", {}), "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings[REPLICA] = replica_settings
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    return connections[REPLICA]


@pytest.fixture
def outside_a_transaction():
    """The test's own transaction hidden from the router (it keeps reads on the primary).

    Only the router's question is answered differently: the connection's own state stays
    as it is, so the test's transaction (and the shared world in it) is never committed."""
    with mock.patch("stegvis.db_replica._in_transaction", return_value=False):
        yield


def test_without_a_replica_every_read_stays_on_the_primary(db, outside_a_transaction):
    with mock.patch.dict(connections.settings), replica_reads():
        del connections.settings[REPLICA]
        assert ReplicaRouter().db_for_read(CareUnit) is None


def test_only_reads_marked_may_be_stale_go_to_the_replica(db, replica, outside_a_transaction):
    router = ReplicaRouter()
    assert router.db_for_read(CareUnit) is None
    with replica_reads():
        assert router.db_for_read(CareUnit) == REPLICA
        assert router.db_for_write(CareUnit) == DEFAULT_DB_ALIAS
    assert router.db_for_read(CareUnit) is None


@pytest.mark.django_db(transaction=True)
def test_a_transaction_reads_from_the_primary(replica):
    with replica_reads():
        assert ReplicaRouter().db_for_read(CareUnit) == REPLICA
        with transaction.atomic():
            assert ReplicaRouter().db_for_read(CareUnit) is None


def test_the_replica_is_never_migrated(db):
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "care") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "care") is True


def test_a_marked_function_routes_its_reads_and_no_others(db, replica, outside_a_transaction):
    @from_replica
    def where_read():
        return CareUnit.objects.all().db

    assert where_read() == REPLICA
    assert CareUnit.objects.all().db == DEFAULT_DB_ALIAS


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_statistics_read_their_figures_from_the_replica(world, login, release, replica):
    usage_data.build(world, release)
    from stegvis.statistics.summaries.refresh import refresh

    refresh()
    client = login(world.data_admin)
    client.get(reverse("clinic:statistics_usage"), PERIOD)  # warm up
    with count_queries(REPLICA) as on_replica, count_queries() as on_primary:
        now = client.get(reverse("clinic:statistics_usage"), PERIOD)
        period = client.get(reverse("clinic:statistics_usage_period"), PERIOD)
    assert now.status_code == period.status_code == 200
    assert now.context["current"].rows
    assert period.context["historic"].rows[0][:3] == ["2025-02", "Alla enheter", 7]
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "statistics_usageday" in replica_sql and "care_enrollment" in replica_sql
    primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert "django_session" in primary_sql  # who is signed in: the primary
    assert "statistics_usageday" not in primary_sql


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_log_search_reads_its_lines_from_the_replica_and_logs_itself_on_the_primary(
    world, login, replica
):
    from stegvis.audit.models import AccessEvent
    from stegvis.audit.recording import record_read

    record_read(
        actor=world.practitioner,
        action="enrollment.view",
        citizen=world.citizen,
        unit=world.unit,
        role="practitioner",
    )
    client = login(world.provider_admin)
    before = AccessEvent.objects.filter(action="audit.search").count()
    with count_queries(REPLICA) as on_replica:
        response = client.get("/clinic/access-log/", {"citizen": world.citizen.pk})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1
    assert any("audit_accessevent" in q["sql"] for q in on_replica.captured_queries)
    assert not any(q["sql"].startswith("INSERT") for q in on_replica.captured_queries)
    assert AccessEvent.objects.filter(action="audit.search").count() == before + 1
