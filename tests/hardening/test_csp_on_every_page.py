"""Every page carries the strict Content Security Policy and holds nothing it would block."""

import pytest
from django.urls import reverse

from tests.hardening.conftest import CITIZEN_KEYS, STAFF_KEYS, crawl_as
from tests.hardening.html_checks import assert_csp_clean, csp_problems

pytestmark = pytest.mark.slow

STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
}


def assert_strict_policy(response_or_headers, where: str) -> None:
    header = response_or_headers["Content-Security-Policy"]
    directives = {part.strip() for part in header.split(";")}
    assert directives >= STRICT, f"{where}: {header}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, where
    assert any(d.startswith("form-action 'self'") for d in directives), where


@pytest.mark.parametrize("persona", [None, *STAFF_KEYS, *CITIZEN_KEYS])
def test_every_page_a_persona_reaches_is_strict_and_has_no_inline_code(demo, sign_in, persona):
    user = demo[persona] if persona else None
    pages = crawl_as(sign_in(user), user)
    assert len(pages) >= 2
    for page in pages:
        assert_strict_policy(page.headers, page.path)
        assert_csp_clean(page.html, where=page.path)


def test_the_sign_in_and_password_pages_are_strict(client, db):
    for name in ("account_login", "account_reset_password"):
        response = client.get(reverse(name))
        assert_strict_policy(response, name)
        assert_csp_clean(response.content.decode(), where=name)


def test_the_totp_step_of_staff_sign_in_is_strict(world, client):
    from tests.factories import TEST_PASSWORD

    client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": TEST_PASSWORD}
    )
    response = client.get(reverse("mfa_authenticate"))
    assert response.status_code == 200
    assert_strict_policy(response, "mfa_authenticate")
    assert_csp_clean(response.content.decode(), where="mfa_authenticate")


def test_error_pages_carry_the_strict_policy(world, login):
    not_found = login(world.citizen).get("/portal/999999/")
    forbidden = login(world.practitioner).get(reverse("clinic:staff"))
    anonymous_not_found = login(None).get("/no/such/page/")
    for response in (not_found, forbidden, anonymous_not_found):
        assert response.status_code in (403, 404)
        assert_strict_policy(response, response.status_code)
        assert_csp_clean(response.content.decode(), where=str(response.status_code))


@pytest.mark.urls("tests.hardening.urls_failing")
def test_the_500_page_carries_the_strict_policy(client, db):
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    assert_strict_policy(response, "500")
    assert_csp_clean(response.content.decode(), where="500")


def test_only_the_design_tool_is_relaxed(world, login):
    client = login(world.designer)
    design = client.get("/design/")
    assert design.status_code == 200
    assert "'unsafe-inline'" in design["Content-Security-Policy"]
    assert "object-src 'none'" in design["Content-Security-Policy"]
    assert_strict_policy(client.get("/designs/"), "a path that only starts like the design tool")


def test_the_checker_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><a href="javascript:x()">x</a><button onclick="x()">b</button>'
        '<p style="color:red">p</p><style>p{}</style>'
        '<script src="/static/a.js"></script><script type="application/json">{"a": 1}</script>'
    )
    problems = csp_problems(html)
    assert len(problems) == 5, problems
