"""Caches and sessions follow CACHE_URL: with Redis, rate limits and sessions are cached there
(sessions still written to the database); without it, rate limits go to the shared database."""

import json

import pytest

from tests.settings_tests.test_production_settings import AUDIT_KEY, _run

pytestmark = pytest.mark.slow

_PRODUCTION = {"SECRET_KEY": "x9" * 32 + "-a-long-and-random-production-secret", **AUDIT_KEY}
_PRINT = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps({'caches': settings.CACHES, 'sessions': settings.SESSION_ENGINE, "
    "'ratelimit': settings.RATELIMIT_USE_CACHE}))"
)


def _configured(**env: str) -> dict:
    result = _run("-c", _PRINT, **_PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_cache_url_rate_limits_and_sessions_use_redis():
    configured = _configured(CACHE_URL="redis://127.0.0.1:6379/1")
    limits = configured["caches"][configured["ratelimit"]]
    assert limits["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert limits["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert configured["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_without_cache_url_rate_limits_are_counted_in_the_database():
    configured = _configured(CACHE_URL="")
    limits = configured["caches"][configured["ratelimit"]]
    assert limits["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert "LocMem" not in limits["BACKEND"]
    assert configured["sessions"] == "django.contrib.sessions.backends.db"


def test_several_workers_without_cache_url_are_warned_about_in_the_deploy_check():
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ALLOWED_HOSTS="stegvis.example",
        WEB_CONCURRENCY="4",
        CACHE_URL="",
        **_PRODUCTION,
    )
    assert result.returncode != 0
    assert "security.W002" in result.stderr + result.stdout
