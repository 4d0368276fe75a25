"""The catalog and agreement lists run a constant number of queries, whatever the data size."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.catalog import services
from stegvis.catalog.models import ProgramAgreement
from tests.catalog.conftest import minimal_document
from tests.factories import UnitFactory
from tests.plugins.queries import assert_page_queries


def _add_releases(world, start: int, n: int) -> None:
    for i in range(start, start + n):
        own = services.create_release(
            actor=None, owner=world.provider, document=minimal_document(f"egen{i}")
        )
        services.activate_release(actor=world.provider_admin, release=own, unit=world.unit)
        unit = UnitFactory(provider=world.provider)
        services.activate_release(actor=world.provider_admin, release=own, unit=unit)
        foreign = services.create_release(
            actor=None,
            owner=world.other_provider,
            document=minimal_document(f"annan{i}"),
            providers=[world.other_provider, world.provider],
        )
        ProgramAgreement.objects.create(
            program_key=foreign.program_key,
            program_name=foreign.name,
            owner=world.other_provider,
            user_provider=world.provider,
            valid_from=timezone.localdate(),
        )
        withdrawn = services.create_release(
            actor=None, owner=world.provider, document=minimal_document(f"gammal{i}")
        )
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
    assert_page_queries(client, url, 14, grow=grow, data={"tab": tab})


def test_the_release_page_query_count_does_not_grow_with_versions_or_units(world, login):
    client = login(world.provider_admin)
    first = services.create_release(actor=None, owner=world.provider, document=minimal_document())
    services.create_release(actor=None, owner=world.provider, document=minimal_document(minor=1))
    url = reverse("clinic:catalog_release", args=[first.pk])

    # Queries: session, user, MFA check, roles, provider, the release (+ units prefetch), the
    # provider's units, the other versions (+ prefetch), the agreements.
    def grow():
        for minor in range(2, 7):
            services.create_release(
                actor=None, owner=world.provider, document=minimal_document(minor=minor)
            )
            unit = UnitFactory(provider=world.provider)
            services.activate_release(actor=world.provider_admin, release=first, unit=unit)

    assert_page_queries(client, url, 18, grow=grow)


def test_the_agreement_list_query_count_does_not_grow_with_agreements(world, login):
    client = login(world.provider_admin)
    url = reverse("clinic:catalog_agreements")

    def add(n):
        for i in range(n):
            ProgramAgreement.objects.create(
                program_key=f"p{i}",
                program_name=f"Program {i}",
                owner=world.other_provider,
                user_provider=world.provider,
                valid_from=timezone.localdate(),
            )

    # Queries: session, user, MFA check, roles, provider, agreements with both parties and the
    # in-force annotation.
    add(1)
    assert_page_queries(client, url, 13, grow=lambda: add(10))
