"""In production settings (DEBUG off, a real secret) every response carries the security headers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.settings_tests.test_production_settings import AUDIT_KEY

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x9" * 32 + "-a-long-and-random-production-secret",
    "ALLOWED_HOSTS": "stegvis.example",
    **AUDIT_KEY,
}
# Request a page that needs no database (the 404 page for an anonymous visitor) over HTTPS.
_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
# The manifest exists only after collectstatic; any storage will do for headers.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}}).enable()
response = Client().get("/no-such-page/", secure=True, HTTP_HOST="stegvis.example")
plain = Client().get("/no-such-page/", HTTP_HOST="stegvis.example")
print(json.dumps({
    "status": response.status_code,
    "plain_status": plain.status_code,
    "headers": dict(response.headers),
    "settings": {name: getattr(settings, name) for name in (
        "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "SECURE_HSTS_INCLUDE_SUBDOMAINS")},
}))
"""


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "STEGVIS_DEMO", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith("OIDC_")
    }
    clean.update(PRODUCTION, **env)
    clean["DJANGO_SETTINGS_MODULE"] = "stegvis.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def _probe(**env: str) -> dict:
    result = _run("-c", _PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_is_clean_with_the_policy_and_rate_limits_in_place():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    # Without Redis the rate limits are counted in the database every process shares
    # (tests/security/test_shared_rate_limits.py), so nothing is left to warn about.
    assert "System check identified no issues" in result.stdout


def test_plain_http_is_redirected_to_https():
    assert _probe()["plain_status"] == 301


def test_every_response_carries_the_security_headers():
    probe = _probe()
    headers = probe["headers"]
    assert probe["status"] == 404
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    policy = headers["Content-Security-Policy"]
    directives = {directive.strip() for directive in policy.split(";")}
    assert "script-src 'self'" in directives and "frame-ancestors 'none'" in directives
    assert "unsafe-inline" not in policy


def test_cookies_are_secure_httponly_and_same_site():
    assert _probe()["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    }


def test_the_e_id_provider_may_receive_the_sign_in_form():
    policy = _probe(OIDC_CLIENT_ID="stegvis", OIDC_SERVER_URL="https://idp.example.se/oidc/realm/")[
        "headers"
    ]["Content-Security-Policy"]
    assert "form-action 'self' https://idp.example.se;" in policy + ";"
