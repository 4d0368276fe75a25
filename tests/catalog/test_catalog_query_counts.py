"""The catalog and agreement lists run a constant number of queries, whatever the data size."""

import pytest
from django.urls import reverse

from stegvis.catalog import services
from tests.factories import ProgramAgreementFactory, ReleaseFactory, UnitFactory
from tests.plugins.queries import assert_page_queries


def _add_releases(world, start: int, n: int) -> None:
    for i in range(start, start + n):
        own = ReleaseFactory(owner=world.provider, key=f"egen{i}")
        services.activate_release(actor=world.provider_admin, release=own, unit=world.unit)
        unit = UnitFactory(provider=world.provider)
        services.activate_release(actor=world.provider_admin, release=own, unit=unit)
        foreign = ReleaseFactory(
            owner=world.other_provider,
            key=f"annan{i}",
            providers=[world.other_provider, world.provider],
        )
        ProgramAgreementFactory(release=foreign, user_provider=world.provider)
        withdrawn = ReleaseFactory(owner=world.provider, key=f"gammal{i}")
        services.withdraw_release(actor=world.provider_admin, release=withdrawn, reason="Gammal")


@pytest.mark.parametrize("tab", ["all", "available", "active", "unpublished"])
def test_the_catalog_query_count_does_not_grow_with_releases(world, login, tab):
    client = login(world.provider_admin)
    url = reverse("clinic:catalog")
    # Queries: session, user, MFA check, roles, provider (workplace), the releases with owner,
    # withdrawal, import record, activity and agreement annotations in one query, and one
    # prefetch of the active units using them.
    _add_releases(world, 0, 1)
    grow = lambda: _add_releases(world, 1, 8)  # noqa: E731
    assert_page_queries(client, url, 7, grow=grow, data={"tab": tab})


def test_the_release_page_query_count_does_not_grow_with_versions_or_units(world, login):
    client = login(world.provider_admin)
    first = ReleaseFactory(owner=world.provider)
    ReleaseFactory(owner=world.provider, minor=1)
    url = reverse("clinic:catalog_release", args=[first.pk])

    # Queries: session, user, MFA check, roles, provider, the release (+ units prefetch), the
    # provider's units, the other versions (+ prefetch), the agreements.
    def grow():
        for minor in range(2, 7):
            ReleaseFactory(owner=world.provider, minor=minor)
            unit = UnitFactory(provider=world.provider)
            services.activate_release(actor=world.provider_admin, release=first, unit=unit)

    assert_page_queries(client, url, 11, grow=grow)


def test_the_agreement_list_query_count_does_not_grow_with_agreements(world, login):
    client = login(world.provider_admin)
    url = reverse("clinic:catalog_agreements")

    def add(n):
        for _ in range(n):
            ProgramAgreementFactory(owner=world.other_provider, user_provider=world.provider)

    # Queries: session, user, MFA check, roles, provider, agreements with both parties and the
    # in-force annotation.
    add(1)
    assert_page_queries(client, url, 6, grow=lambda: add(10))
