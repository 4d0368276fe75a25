"""Axe finds no violations on the program catalog pages, at phone and desktop size (each page
loaded once and resized in place, as in test_accessibility.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from stegvis.catalog import services
from tests.browser.helpers import assert_accessible_at_both_widths
from tests.documents import minimal_document

pytestmark = pytest.mark.browser


@pytest.fixture
def page(phone_page):
    """One page per test, opened at phone size: the checks resize it to desktop size."""
    return phone_page


@pytest.fixture
def catalog(world):
    first = services.create_release(actor=None, owner=world.provider, document=minimal_document())
    services.withdraw_release(actor=world.provider_admin, release=first, reason="Ersatt")
    current = services.create_release(
        actor=None, owner=world.provider, document=minimal_document(minor=1)
    )
    services.activate_release(actor=world.provider_admin, release=current, unit=world.unit)
    foreign = services.create_release(
        actor=None,
        owner=world.other_provider,
        document=minimal_document("annat"),
        providers=[world.other_provider, world.provider],
    )
    services.create_agreement(
        actor=world.provider_admin,
        provider=world.provider,
        owner=world.other_provider,
        user_provider=world.provider,
        program_key="annat",
        valid_from=dt.date(2026, 1, 1),
        notes="Avtal",
    )
    return current, foreign


def _open(page, server, url):
    response = page.goto(f"{server}{url}")
    assert response is not None and response.status == 200, url


@pytest.mark.parametrize("tab", ["all", "active", "available", "unpublished"])
def test_catalog_tabs(page, server, world, log_in_as, catalog, tab):
    log_in_as(page, world.provider_admin)
    _open(page, server, f"{reverse('clinic:catalog')}?tab={tab}")
    assert_accessible_at_both_widths(page)


def test_release_page(page, server, world, log_in_as, catalog):
    log_in_as(page, world.provider_admin)
    _open(page, server, reverse("clinic:catalog_release", args=[catalog[0].pk]))
    assert_accessible_at_both_widths(page)


def test_release_page_after_activating(page, server, world, log_in_as, catalog):
    log_in_as(page, world.provider_admin)
    _open(page, server, reverse("clinic:catalog_release", args=[catalog[1].pk]))
    page.get_by_role("button", name=f"Activate at {world.other_unit.name}").click()
    page.get_by_role("status").wait_for()
    assert_accessible_at_both_widths(page)


def test_withdraw_page_with_an_error(page, server, world, log_in_as, catalog):
    log_in_as(page, world.provider_admin)
    _open(page, server, reverse("clinic:catalog_withdraw", args=[catalog[0].pk]))
    page.get_by_role("button", name="Withdraw release").click()
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)


def test_import_page_with_an_error(page, server, world, log_in_as, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    log_in_as(page, world.provider_admin)
    _open(page, server, reverse("clinic:catalog_import"))
    page.get_by_label("Program file").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)


def test_agreement_pages(page, server, world, log_in_as, catalog):
    log_in_as(page, world.provider_admin)
    _open(page, server, reverse("clinic:catalog_agreements"))
    assert_accessible_at_both_widths(page)
    _open(page, server, reverse("clinic:catalog_agreement_create"))
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)
