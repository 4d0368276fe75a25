"""The strict Content Security Policy breaks nothing in Chromium: no violation on the main pages,
and autosave (static JavaScript) still saves a step's answers. (Part of the security baseline,
tests/hardening; here because it shares this directory's one Chromium per session.)
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import current_totp_code, submit_password, submit_totp
from tests.factories import TEST_PASSWORD
from tests.portal.fixtures import make_enrollment, make_release

pytestmark = pytest.mark.browser

# Recorded in the page itself; Playwright's init scripts are not subject to the page's policy.
_LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(" "));
});
"""


@pytest.fixture
def watched(desktop_page):
    console = []
    desktop_page.context.add_init_script(_LISTEN)
    desktop_page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )

    def violations() -> list[str]:
        return console + desktop_page.evaluate("window.__csp || []")

    desktop_page.violations = violations
    return desktop_page


def _visit(page, url: str) -> None:
    page.goto(url)
    assert page.violations() == [], url


def test_staff_sign_in_and_staff_pages_run_without_violations(watched, server, world):
    release = make_release(world.provider, world.unit)
    enrollment = make_enrollment(
        world.citizen, world.unit, release, practitioner=world.practitioner
    )
    submit_password(watched, server, world.practitioner.email, TEST_PASSWORD)
    watched.wait_for_url("**/accounts/2fa/authenticate/")
    assert watched.violations() == []
    submit_totp(watched, current_totp_code())
    watched.wait_for_url("**/clinic/**")
    assert watched.violations() == []
    for url in (
        reverse("clinic:start"),
        reverse("clinic:enrollment", args=[enrollment.pk]),
        reverse("usersessions_list"),
        "/no/such/page/",
    ):
        _visit(watched, f"{server}{url}")


def test_autosave_works_under_the_policy(watched, server, world, log_in_as):
    release = make_release(world.provider, world.unit)
    enrollment = make_enrollment(
        world.citizen, world.unit, release, practitioner=world.practitioner
    )
    log_in_as(watched, world.citizen)
    _visit(watched, f"{server}{reverse('portal:home')}")
    _visit(watched, f"{server}{reverse('portal:step', args=[enrollment.pk, 'exercises'])}")
    watched.get_by_label("Your answer").fill("Jag tog en promenad")
    expect(watched.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    assert watched.violations() == []
    watched.reload()
    expect(watched.get_by_label("Your answer")).to_have_value("Jag tog en promenad")
    _visit(watched, f"{server}{reverse('portal:results', args=[enrollment.pk])}")
    assert watched.violations() == []


def test_a_violation_would_be_seen(watched, server, world, log_in_as):
    """The listener works: an inline script injected into a page is blocked and reported."""
    log_in_as(watched, world.citizen)
    watched.goto(f"{server}{reverse('portal:home')}")
    watched.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.append(s); }"
    )
    # The violation event comes after the blocked script; wait for it, not a fixed time.
    watched.wait_for_function("(window.__csp || []).some(v => v.includes('script-src'))")
    assert watched.evaluate("window.ran") is None
    assert any("script-src" in v for v in watched.violations())


def test_the_design_tool_runs_under_its_relaxed_policy(watched, server, world, log_in_as):
    """Wagtail's admin needs the relaxation under /design/ and nothing more."""
    from stegvis.design.services import ensure_design_roots
    from tests.browser.test_design_release import ensure_wagtail_tree
    from tests.design.conftest import make_program

    ensure_wagtail_tree()
    root = {r.provider_id: r for r in ensure_design_roots()}[world.provider.pk]
    program, _module, _section, step = make_program(root)
    log_in_as(watched, world.designer)
    for url in (
        "/design/",
        reverse("wagtailadmin_explore", args=[root.pk]),
        reverse("wagtailadmin_pages:edit", args=[program.pk]),
        reverse("wagtailadmin_pages:edit", args=[step.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[step.pk]),
    ):
        _visit(watched, f"{server}{url}")
        watched.wait_for_load_state("networkidle")
        assert watched.violations() == [], url
