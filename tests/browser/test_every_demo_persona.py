"""Every demo persona, every page in their navigation, at 390 and 1280 px: it works and fits.

The demo is what people try first, with richer data than the test world (handovers, red flags,
bought programs, a guardian), so it is walked as served: a real demo server (`demo_server`),
every persona of stegvis/demo/personas.py signing in once through the real forms (password,
then the demo's TOTP code for staff). On the start page, every page the header's navigation
links to and every page the start page's cards link to (statistics): no 5xx and no console
error on loading it, then, at each width with the page resized in place, no axe violation and
no sideways scrolling (the checks of test_every_page_fits.py).
Problems are collected and reported together, so one run shows all of a persona's problems.

One test per persona: the walk is the suite's longest test (about 16 minutes on a busy CI
machine as one test), and as twenty it is shared by the workers, each with its own demo server
(tests/plugins/parallel.py).
"""

import pytest
from django.urls import reverse

from stegvis.demo.personas import CITIZENS, DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF
from tests.browser.conftest import VIEWPORTS, choose_english
from tests.browser.demo_server import demo_server  # noqa: F401
from tests.browser.helpers import (
    collect_console_errors,
    current_totp_code,
    nav_links,
    page_problems,
    submit_password,
    submit_totp,
)

pytestmark = pytest.mark.browser

PERSONAS = [(persona, True) for persona in STAFF] + [(persona, False) for persona in CITIZENS]


def _context(browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="en-GB")
    choose_english(context)
    context.set_default_timeout(15_000)
    return context


def _sign_in(page, server: str, email: str, is_staff: bool) -> None:
    """Sign in through allauth's forms and, for staff at several units, choose the first one.

    Until a workplace is chosen the header offers only the start page; the demo's staff hold
    the same roles at each of their units, so the first one shows their whole navigation.
    """
    submit_password(page, server, email, DEMO_PASSWORD)
    if is_staff:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        submit_totp(page, current_totp_code(DEMO_TOTP_SECRET))
    page.wait_for_url(lambda url: "/accounts/" not in url)
    if not is_staff:
        return
    # Designers and publishers land in the design tool; the clinic asks them for a unit too.
    page.goto(f"{server}{reverse('clinic:start')}")
    if page.url.startswith(f"{server}{reverse('clinic:workplace')}"):
        page.get_by_role("main").get_by_role("radio").first.check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: reverse("clinic:workplace") not in url)


def _walk(page, server: str, label: str) -> list[str]:
    """Check the start page and every page of the header's navigation; the problems found."""
    console = collect_console_errors(page)
    page.goto(f"{server}/")
    start = page.url.removeprefix(server) or "/"
    links = nav_links(page, server)
    # Every signed-in persona has a navigation; none means the walk would check nothing.
    problems = [] if links else [f"[{label}] {start}: no navigation links in the header"]
    # The start page's own cards too: the statistics pages are reached from there.
    links += nav_links(page, server, "main .cards a[href]")
    paths = list(dict.fromkeys([start, *links]))
    for path in paths:
        problems += [f"[{label}] {p}" for p in page_problems(page, server, path, console)]
    print(f"{label}: {len(paths)} pages: {' '.join(paths)}")  # shown with -s or on failure
    return problems


@pytest.mark.parametrize(("persona", "is_staff"), PERSONAS, ids=[p.key for p, _ in PERSONAS])
def test_every_demo_persona_sees_every_page_of_their_navigation_work_and_fit(
    browser,
    demo_server,  # noqa: F811
    persona,
    is_staff,
):
    context = _context(browser)
    try:
        page = context.new_page()
        _sign_in(page, demo_server, persona.email, is_staff)
        problems = _walk(page, demo_server, persona.key)
    except Exception as error:  # a persona that cannot sign in or load is one problem
        problems = [f"[{persona.key}] {type(error).__name__}: {error}"]
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems:\n\n" + "\n\n".join(problems)
