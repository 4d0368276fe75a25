"""The data admin's usage statistics: *now* at once, the period filled in after the page.

With JavaScript the usage page fetches the period's section (stegvis/lazy-part.js); without
it, the section's link opens the period as a page of its own. Both at phone and desktop size.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.statistics.summaries.refresh import refresh
from tests.browser.conftest import LOCALE, choose_english
from tests.browser.helpers import assert_accessible_at_both_widths, collect_console_errors
from tests.statistics import usage_data

pytestmark = pytest.mark.browser

PERIOD = "?date_from=2025-01-01&date_to=2025-06-30"


@pytest.fixture
def cohort(world, release):
    usage_data.build(world, release)
    refresh()


def test_the_period_fills_in_after_the_current_figures(
    desktop_page, server, world, log_in_as, cohort
):
    page = desktop_page
    console = collect_console_errors(page)
    log_in_as(page, world.data_admin)
    page.goto(f"{server}{reverse('clinic:statistics_usage')}{PERIOD}")
    expect(page.get_by_role("heading", level=2, name="Now")).to_be_visible()
    period = page.locator("#usage-period")
    expect(period.get_by_role("table", name="Per period")).to_be_visible()
    expect(period.get_by_role("heading", name="From 2025-01-01 to 2025-06-30")).to_be_visible()
    expect(period).to_have_attribute("aria-busy", "false")
    expect(period.get_by_role("link", name="Download as CSV")).to_be_visible()
    assert_accessible_at_both_widths(page)
    # The period's own page (the link without JavaScript: below) passes the same checks.
    page.goto(f"{server}{reverse('clinic:statistics_usage_period')}{PERIOD}")
    expect(page.get_by_role("table", name="Per period")).to_be_visible()
    assert_accessible_at_both_widths(page)
    assert console == []


def test_without_javascript_the_period_is_a_page_of_its_own(
    browser, server, world, log_in_as, cohort
):
    context = browser.new_context(java_script_enabled=False, locale=LOCALE)
    choose_english(context)
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()
        log_in_as(page, world.data_admin)
        page.goto(f"{server}{reverse('clinic:statistics_usage')}{PERIOD}")
        page.get_by_role("link", name="Show the figures for the period").click()
        expect(
            page.get_by_role("heading", level=1, name="Usage statistics for a period")
        ).to_be_visible()
        expect(page.get_by_role("table", name="Per period")).to_be_visible()
    finally:
        context.close()
