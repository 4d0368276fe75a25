"""Mina's and Alla's queries are served by indexes: no sequential scan of a big table.

The plans are read with sequential scans priced out (`enable_seqscan = off`), so on a small
data set the planner still takes an index wherever one can serve; a "Seq Scan" of a big table
left in the plan means no index can, and the list would read the whole table at scale. The
figures on the generated data set are in docs/scaling.md ("The staff lists' read path").
"""

import datetime as dt
import json

import pytest
from django.db import connection

from stegvis.care.models import Enrollment
from stegvis.care.services.lists import page_rows
from stegvis.clinic.lists import my_enrollments, unit_enrollments
from stegvis.messaging.queries import annotate_unread
from tests.factories import CitizenFactory, FeedbackFactory, FlagFactory
from tests.markers import needs_postgresql
from tests.messaging.helpers import citizen_says

pytestmark = [
    pytest.mark.django_db,
    needs_postgresql("the plans are PostgreSQL's"),
]

BIG_TABLES = {"care_enrollment", "care_flag", "care_feedback", "messaging_message"}


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _plan(queryset, *, without_sorting: bool = False) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Sorts priced out as well: a Sort left in the plan means no index gives the order.
        # (On a table this small the planner may otherwise prefer a bitmap scan and a sort,
        # which it did on CI's default settings.)
        cursor.execute(f"SET LOCAL enable_sort = {'off' if without_sorting else 'on'}")
    return list(_nodes(json.loads(queryset.explain(format="json"))[0]["Plan"]))


def _scans(queryset) -> list[str]:
    """The big tables the query reads in full."""
    return [
        node["Relation Name"]
        for node in _plan(queryset)
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in BIG_TABLES
    ]


def _indexes(queryset) -> set[str]:
    return {node["Index Name"] for node in _plan(queryset) if "Index Name" in node}


def test_a_sequential_scan_is_found_where_no_index_serves(world, enrollments):
    assert _scans(Enrollment.objects.filter(start_date=dt.date(2026, 1, 1))) == ["care_enrollment"]


@pytest.fixture
def enrollments(world, start):
    started = [start(citizen=CitizenFactory()) for _ in range(12)]
    for n, enrollment in enumerate(started):
        if n % 3 == 0:
            FlagFactory(enrollment=enrollment)
        if n % 2 == 0:
            FeedbackFactory(enrollment=enrollment)
            citizen_says(enrollment.citizen, enrollment)
    return started


def test_minas_page_is_sorted_and_limited_on_indexes(world, enrollments):
    page = my_enrollments(world.practitioner, world.unit)[:50].values_list("pk", flat=True)
    assert _scans(page) == []
    # The red-flagged enrollments of the unit come from the enrollment's own counter (its
    # partial index `enrollment_red_flagged` on a big unit), not from the flag table.
    assert "care_flag" not in {node.get("Relation Name") for node in _plan(page)}


def test_allas_page_is_sorted_and_limited_on_indexes(world, enrollments):
    page = unit_enrollments(world.citizen_admin, world.unit)[:50].values_list("pk", flat=True)
    assert _scans(page) == []
    # Read in the index's order up to the LIMIT: no sort of the unit's enrollments.
    assert "enrollment_list_order" in _indexes(page)
    assert "Sort" not in {node["Node Type"] for node in _plan(page, without_sorting=True)}
    flagged = unit_enrollments(world.citizen_admin, world.unit, flag="red")[:50]
    assert _scans(flagged.values_list("pk", flat=True)) == []
    # The red filter reads the enrollment's own count, like Mina, not the flag table.
    assert "care_flag" not in {n.get("Relation Name") for n in _plan(flagged.values("pk"))}
    expected = {e.pk for e in enrollments if e.flags.filter(level="red").exists()}
    assert expected and set(flagged.values_list("pk", flat=True)) == expected


def test_the_rows_of_a_page_are_counted_on_indexes(world, enrollments):
    rows = annotate_unread(page_rows([enrollment.pk for enrollment in enrollments]))
    assert _scans(rows.prefetch_related(None)) == []
    assert {"feedback_waiting", "msg_unread_by_team"} <= _indexes(rows.prefetch_related(None))


def test_a_group_filter_reads_the_memberships_by_an_index(world, enrollments):
    from stegvis.care.services.groups import add_to_group, create_group

    group = create_group(actor=world.practitioner, unit=world.unit, name="Grupp vår 2027")
    add_to_group(actor=world.practitioner, group=group, enrollments=enrollments[:4])
    for queryset in (
        my_enrollments(world.practitioner, world.unit, group=group.pk),
        unit_enrollments(world.citizen_admin, world.unit, group=group.pk),
    ):
        page = queryset[:50].values_list("pk", flat=True)
        assert _scans(page) == []
        memberships = [n for n in _plan(page) if n.get("Relation Name") == "care_groupmembership"]
        assert memberships and all(n["Node Type"] != "Seq Scan" for n in memberships)


def test_connections_run_without_jit():
    # The lists' queries are short: compiling them cost Mina a seventh of its time at scale.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
