"""Every persona, every page in their navigation, at 390 and 1280 px: the page works and fits.

For each persona of the test world and each width, one browser context signs in and visits
the start page, every link in the header's navigation (and, for staff who treat, Hantera of an
enrollment). On each page: no 5xx, no console error, no axe violation and no sideways scrolling
of the page (`scrollWidth <= innerWidth`; wide tables become cards or scroll in their own box).
Problems are collected and reported together, so one run shows all of them.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from stegvis.organisation.models import Role
from tests.browser.conftest import VIEWPORTS, choose_english
from tests.browser.helpers import AXE_OPTIONS
from tests.factories import StaffFactory, assign
from tests.relatives.conftest import relative_world, release_with_media  # noqa: F401

pytestmark = pytest.mark.browser

PERSONAS = [
    "practitioner",
    "citizen_admin",
    "access_admin",
    "provider_admin",
    "data_admin",
    "designer",
    "publisher",
    "citizen",
    "relative",
]
WIDTHS = [VIEWPORTS["phone"]["width"], VIEWPORTS["desktop"]["width"]]
# The design tool is Wagtail's admin, with its own layout and scripts; its pages are checked for
# errors and console errors, not against our axe rules and widths.
THIRD_PARTY = ("/design/",)


def _people(setup) -> dict:
    world = setup.world
    people = {name: getattr(world, name, None) for name in PERSONAS}
    people["publisher"] = assign(StaffFactory(), world.unit, Role.PUBLISHER)
    people["relative"] = setup.relative
    # The citizen admin who also treats at the unit sees the arrow menus on Mina and Alla.
    assign(world.citizen_admin, world.unit, Role.PRACTITIONER)
    return people


def _nav_links(page, server: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "header nav a[href]", "links => links.map(link => link.getAttribute('href'))"
    )
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != server:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path and not href.startswith("#") and path not in paths:
            paths.append(path)
    return paths


def _check(page, server: str, path: str, console: list[str]) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    console.clear()
    response = page.goto(f"{server}{path}")
    page.wait_for_load_state("load")
    status = response.status if response is not None else 0
    problems = []
    if status >= 500 or status == 0:
        return [f"{path} answered {status}"]
    problems += [f"{path}: console error: {text}" for text in console]
    if path.startswith(THIRD_PARTY):
        return problems
    results = Axe().run(page, options=AXE_OPTIONS)
    if results.violations_count:
        problems.append(f"{path}: axe:\n{results.generate_report()}")
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        problems.append(f"{path}: the page is {width[0]} px wide in a {width[1]} px window")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_every_persona_sees_every_page_of_their_navigation_fit(
    browser,
    server,
    relative_world,  # noqa: F811
    log_in_as,
    width,
):
    people = _people(relative_world)
    enrollment = relative_world.enrollment
    problems = []
    for name, user in people.items():
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        choose_english(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda msg, out=console: msg.type == "error" and out.append(msg.text))
        page.on("pageerror", lambda error, out=console: out.append(str(error)))
        try:
            log_in_as(page, user)
            page.goto(f"{server}/")
            paths = [urlsplit(page.url).path, *_nav_links(page, server)]
            if name in ("practitioner", "citizen_admin"):
                paths.append(reverse("clinic:enrollment", args=[enrollment.pk]))
            for path in dict.fromkeys(paths):
                problems += [
                    f"[{name} @ {width}px] {p}" for p in _check(page, server, path, console)
                ]
        finally:
            context.close()
    assert not problems, "\n\n".join(problems)
