"""Helpers for browser tests: axe checks, TOTP codes and the sign-in forms."""

import time

# Axe rules to run: WCAG 2.0–2.2 A and AA, plus Deque's best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}


def assert_accessible(page) -> None:
    """Fail with axe's readable report if the page in its current state has any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert_reflows(page)


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
