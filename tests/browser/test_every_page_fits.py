"""Every persona, every page in their navigation, at 390 and 1280 px: the page works and fits.

For each persona of the test world, one browser context signs in and visits the start page,
every link in the header's navigation (and, for staff who treat, Hantera of an enrollment).
On each page: no 5xx and no console error on loading it; then at each width, the page resized
in place, no axe violation and no sideways scrolling of the page (`scrollWidth <=
innerWidth`; wide tables become cards or scroll in their own box).
Problems are collected and reported together, so one run shows all of them.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from stegvis.organisation.models import Role
from tests.browser.conftest import VIEWPORTS, choose_english
from tests.browser.helpers import (
    collect_console_errors,
    ensure_wagtail_tree,
    nav_links,
    page_problems,
)
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


def _people(setup) -> dict:
    world = setup.world
    people = {name: getattr(world, name, None) for name in PERSONAS}
    people["publisher"] = assign(StaffFactory(), world.unit, Role.PUBLISHER)
    people["relative"] = setup.relative
    # The citizen admin who also treats at the unit sees the arrow menus on Mina and Alla.
    assign(world.citizen_admin, world.unit, Role.PRACTITIONER)
    return people


def test_every_persona_sees_every_page_of_their_navigation_fit(
    browser,
    server,
    relative_world,  # noqa: F811
    log_in_as,
):
    # The design tool's pages need Wagtail's root, which a flush by an earlier test removes.
    ensure_wagtail_tree()
    people = _people(relative_world)
    enrollment = relative_world.enrollment
    problems = []
    for name, user in people.items():
        context = browser.new_context(viewport=VIEWPORTS["phone"], locale="en-GB")
        choose_english(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        console = collect_console_errors(page)
        try:
            log_in_as(page, user)
            page.goto(f"{server}/")
            paths = [urlsplit(page.url).path, *nav_links(page, server)]
            if name in ("practitioner", "citizen_admin"):
                paths.append(reverse("clinic:enrollment", args=[enrollment.pk]))
            for path in dict.fromkeys(paths):
                problems += [f"[{name}] {p}" for p in page_problems(page, server, path, console)]
        finally:
            context.close()
    assert not problems, "\n\n".join(problems)
