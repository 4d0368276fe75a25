"""The catalog and agreement lists run a constant number of queries, whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stegvis.catalog import services
from stegvis.catalog.models import ProgramAgreement
from tests.catalog.conftest import minimal_document
from tests.factories import UnitFactory


def _count(client, url, params=None) -> int:
    client.get(url, params)  # warm up: the first request stores the workplace in the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


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
    before = _count(client, url, {"tab": tab})
    _add_releases(world, 1, 8)
    assert _count(client, url, {"tab": tab}) == before


def test_the_release_page_query_count_does_not_grow_with_versions_or_units(world, login):
    client = login(world.provider_admin)
    first = services.create_release(actor=None, owner=world.provider, document=minimal_document())
    services.create_release(actor=None, owner=world.provider, document=minimal_document(minor=1))
    url = reverse("clinic:catalog_release", args=[first.pk])
    # Queries: session, user, MFA check, roles, provider, the release (+ units prefetch), the
    # provider's units, the other versions (+ prefetch), the agreements.
    before = _count(client, url)
    for minor in range(2, 7):
        services.create_release(
            actor=None, owner=world.provider, document=minimal_document(minor=minor)
        )
        unit = UnitFactory(provider=world.provider)
        services.activate_release(actor=world.provider_admin, release=first, unit=unit)
    assert _count(client, url) == before


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
    before = _count(client, url)
    add(10)
    assert _count(client, url) == before
