"""A region's file (50 units, 5,000 staff) imports in a bounded number of queries, not per row.

The wall time is not asserted (a shared machine varies); docs/onboarding.md gives a measured one.
"""

from stegvis.organisation.hsa_import import CREATED, UNCHANGED, import_hsa
from stegvis.organisation.models import CareAssignment
from tests.organisation.hsa_files import hsa_file, region_rows
from tests.plugins.queries import count_queries

# Queries: units, people (by HSA-id or e-mail), the new units, the new staff, the assignments,
# the savepoint and the access-log event; and per 500 rows one insert each of staff and
# assignments (units fit in one). SQLite splits inserts further by its variable limit.
BOUND = 120


def test_five_thousand_staff_import_in_bounded_queries(world):
    data = hsa_file(region_rows(50, 5000))
    with count_queries() as first:
        report = import_hsa(actor=None, provider=world.provider, data=data)
    assert report.count(CREATED) == 5000
    assert report.changes["units_created"] == 50
    assert CareAssignment.objects.filter(unit__provider=world.provider).count() >= 5000
    assert len(first) < BOUND, len(first)

    # The second run reads and writes nothing more than a fixed handful of queries.
    with count_queries() as second:
        report = import_hsa(actor=None, provider=world.provider, data=data)
    assert report.count(UNCHANGED) == 5000
    assert len(second) <= 6, [q["sql"][:80] for q in second.captured_queries]


def test_the_query_count_does_not_grow_with_the_rows(world):
    # Both files fit in one insert batch (SQLite's 999 variables take about 55 staff rows).
    with count_queries() as small:
        import_hsa(
            actor=None, provider=world.provider, data=hsa_file(region_rows(5, 10, prefix="A"))
        )
    with count_queries() as large:
        import_hsa(
            actor=None, provider=world.provider, data=hsa_file(region_rows(5, 50, prefix="B"))
        )
    assert len(large) == len(small)
