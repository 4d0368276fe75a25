"""The design tool in the training environment, at phone and desktop size: the banner is shown,
clear of Wagtail's sidebar, says that designing is real, and leads out of training by keyboard.
axe runs on the banner (Wagtail's own pages are Wagtail's)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.design.services import ensure_design_roots
from tests.browser.helpers import AXE_OPTIONS, assert_reflows, ensure_wagtail_tree

pytestmark = pytest.mark.browser


def _press(locator, key="Enter"):
    locator.focus()
    locator.press(key)


def _banner_is_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context="#training-banner", options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def _not_covered(page, locator) -> None:
    """The element is on top where it is drawn: nothing (the sidebar) lies over it."""
    covered = locator.evaluate(
        """el => {
            const box = el.getBoundingClientRect();
            const points = [[box.left + 2, box.top + 2], [box.left + box.width / 2,
                box.top + box.height / 2], [box.right - 2, box.bottom - 2]];
            return points.filter(([x, y]) => !el.contains(document.elementFromPoint(x, y)))
                .map(([x, y]) => (document.elementFromPoint(x, y) || {}).outerHTML);
        }"""
    )
    assert not covered, f"covered by: {[str(c)[:120] for c in covered]}"


def _sidebar_whole_on_screen(page) -> None:
    """On a wide screen Wagtail's sidebar still runs from the top to the bottom of the screen."""
    sidebar = page.locator(".sidebar")
    if page.viewport_size["width"] < 800 or not sidebar.is_visible():
        return
    box = sidebar.bounding_box()
    assert box["y"] <= 1 and box["y"] + box["height"] <= page.viewport_size["height"] + 1, box


def test_the_design_tool_is_marked_in_training_and_left_by_keyboard(
    page, server, world, log_in_as, settings
):
    settings.USERSESSIONS_TRACK_ACTIVITY = False
    ensure_wagtail_tree()
    ensure_design_roots()
    log_in_as(page, world.designer)
    page.goto(f"{server}{reverse('wagtailadmin_home')}")
    expect(page.locator("#training-banner")).to_have_count(0)

    page.goto(f"{server}{reverse('clinic:start')}")
    _press(page.get_by_role("button", name="Switch to the training environment"))
    page.goto(f"{server}{reverse('wagtailadmin_home')}")
    banner = page.locator("#training-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("programs you design and publish here are real")
    _not_covered(page, banner.locator("strong"))
    _not_covered(page, banner.locator("p"))
    leave = banner.get_by_role("button", name="Leave the training environment")
    _not_covered(page, leave)
    _sidebar_whole_on_screen(page)
    _banner_is_accessible(page)
    assert_reflows(page)

    _press(leave)
    expect(page.get_by_text("You left the training environment.")).to_be_visible()
    assert page.url.rstrip("/").endswith(reverse("wagtailadmin_home").rstrip("/"))
    expect(page.locator("#training-banner")).to_have_count(0)
