"""Helpers for browser tests: axe checks, page walks, TOTP codes and the sign-in forms."""

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

# Axe rules to run: WCAG 2.0–2.2 A and AA, plus Deque's best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}


def axe_violations(page):
    """Axe's result for the page in its current state, violations only (axe-playwright-python's
    script and report).

    The library sends its 570 KB script with every check and returns every rule's result; here
    the script is injected once per document (a page checked at two widths is one document) and
    only the violations come back.
    """
    from axe_playwright_python.base import AXE_SCRIPT, AxeResults

    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)",
        AXE_OPTIONS,
    )
    return AxeResults({"violations": violations})


def assert_accessible(page) -> None:
    """Fail with axe's readable report if the page in its current state has any violation."""
    results = axe_violations(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert_reflows(page)


def at_each_width(page) -> Iterator[int]:
    """Resize the loaded page to phone and then to desktop size, yielding each width.

    The layout follows CSS media queries alone (no script of ours reads the width:
    tests/architecture/test_layout_by_css.py), so a page resized to a size is laid out as one
    loaded at it; one sign-in and one load serve both sizes. The page is left at desktop size.
    """
    from tests.browser.conftest import VIEWPORTS

    for size in VIEWPORTS.values():
        page.set_viewport_size(size)
        yield size["width"]


def assert_accessible_at_both_widths(page) -> None:
    """`assert_accessible` at phone and at desktop size (`at_each_width`); the page keeps its
    size."""
    original = page.viewport_size
    try:
        for _ in at_each_width(page):
            assert_accessible(page)
    finally:
        page.set_viewport_size(original)


def assert_reflows(page) -> None:
    """Fail if the page scrolls sideways (WCAG 1.4.10: content reflows down to 320 px wide).

    Wide tables may scroll inside their own `.table-wrap`; the page itself may not.
    """
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .filter(el => !el.closest(".table-wrap") && !el.closest(".visually-hidden"))
                .slice(0, 5)
                .map(el => el.outerHTML.slice(0, 120));
        }"""
    )
    assert not overflow, f"{page.url} scrolls sideways; too wide:\n" + "\n".join(overflow)


def current_totp_code(secret: str | None = None) -> str:
    """The code an authenticator app shows now for `secret` (by default the factories' one).

    allauth accepts only the current 30-second window, so near its end wait for the next one;
    otherwise the code could expire between typing and checking.
    """
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from tests.factories import TEST_TOTP_SECRET

    left = 30 - time.time() % 30
    if left < 4:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret or TEST_TOTP_SECRET, int(time.time()) // 30))


def wrong_totp_code(secret: str | None = None) -> str:
    """A six-digit code that is not valid for `secret` in any window allauth accepts."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from tests.factories import TEST_TOTP_SECRET

    now = int(time.time()) // 30
    valid = {
        format_hotp_value(hotp_value(secret or TEST_TOTP_SECRET, now + i)) for i in range(-3, 4)
    }
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


def submit_password(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def submit_totp(page, code: str) -> None:
    page.get_by_label("Code").fill(code)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


# The design tool is Wagtail's admin, with its own layout and scripts; its pages are checked for
# errors and console errors, not against our axe rules and widths.
THIRD_PARTY = ("/design/",)


def collect_console_errors(page) -> list[str]:
    """A list that fills with the page's console errors and uncaught exceptions as they happen."""
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def nav_links(page, server: str, selector: str = "header nav a[href]") -> list[str]:
    """The paths the header's navigation (or `selector`'s links) lead to on this server, each
    once, in order."""
    hrefs = page.eval_on_selector_all(
        selector, "links => links.map(link => link.getAttribute('href'))"
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


def page_problems(page, server: str, path: str, console: list[str]) -> list[str]:
    """Open `path` and say what is wrong: a 5xx, console errors, axe violations, sideways scroll.

    `console` is the page's list from `collect_console_errors`; it is emptied first, so only
    this page's errors count. Axe and the width are checked at both sizes (`at_each_width`).
    """
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
    for width in at_each_width(page):
        at = f" @ {width}px"
        results = axe_violations(page)
        if results.violations_count:
            problems.append(f"{path}{at}: axe:\n{results.generate_report()}")
        scroll, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > window:
            problems.append(f"{path}{at}: the page is {scroll} px wide in a {window} px window")
    return problems


def ensure_wagtail_tree() -> None:
    """Wagtail's root page and collection come from data migrations, which a flushed
    (transactional) test database no longer has."""
    from wagtail.models import Collection, Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code="sv")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root", locale=locale, content_type_id=None)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
