"""Rate limits are counted in a cache every app process shares: two clients of the `ratelimit`
cache (as two gunicorn workers hold) see the same count, so the limit holds across them."""

import django_ratelimit.core
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory

from stegvis.security.checks import check_rate_limit_cache
from stegvis.security.ratelimits import limit_reached

_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "stegvis_ratelimit_cache",
}


class _WorkerCaches:
    """Stands in for `caches` in django-ratelimit: each look-up is another worker's own client."""

    def __init__(self, locations: list[str] | None = None):
        self.clients = []
        self.locations = locations

    def __getitem__(self, alias: str):
        worker = len(self.clients) % 2
        if self.locations:  # a local-memory cache: each process has its own memory
            client = caches.create_connection(alias).__class__(self.locations[worker], {})
        else:
            client = caches.create_connection(alias)
        self.clients.append(client)
        return client


def _post(factory: RequestFactory):
    request = factory.post("/send/", REMOTE_ADDR="192.0.2.7")
    request.user = AnonymousUser()
    return request


def _sends_allowed(settings, monkeypatch, worker_caches: _WorkerCaches) -> int:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "message_send": "3/m"}
    monkeypatch.setattr(django_ratelimit.core, "caches", worker_caches)
    factory = RequestFactory()
    return sum(not limit_reached(_post(factory), "message_send") for _ in range(6))


@pytest.mark.django_db
def test_the_limit_holds_across_two_workers_with_the_database_cache(settings, monkeypatch):
    settings.CACHES = {**settings.CACHES, "ratelimit": _DATABASE_CACHE}
    call_command("createcachetable", "stegvis_ratelimit_cache", verbosity=0)
    worker_caches = _WorkerCaches()
    assert _sends_allowed(settings, monkeypatch, worker_caches) == 3
    assert len({id(client) for client in worker_caches.clients}) == 6


def test_per_process_memory_lets_each_worker_allow_the_full_rate(settings, monkeypatch):
    """What went wrong before: local memory counted per worker, so two workers allowed 2×."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    worker_caches = _WorkerCaches(locations=["worker-1", "worker-2"])
    assert _sends_allowed(settings, monkeypatch, worker_caches) == 6


def test_a_per_process_rate_limit_cache_is_warned_about(settings):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    assert [problem.id for problem in check_rate_limit_cache(None)] == ["security.W001"]


def test_several_workers_without_redis_are_warned_about(settings):
    settings.CACHES = {**settings.CACHES, "ratelimit": _DATABASE_CACHE}
    settings.APP_WORKERS = 4
    assert [problem.id for problem in check_rate_limit_cache(None)] == ["security.W002"]
    settings.APP_WORKERS = 1
    assert check_rate_limit_cache(None) == []


def test_redis_without_its_client_library_is_an_error(settings, monkeypatch):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    settings.CACHES = {"default": redis, "ratelimit": redis}
    monkeypatch.setattr("stegvis.security.checks.find_spec", lambda name: None)
    assert [problem.id for problem in check_rate_limit_cache(None)] == ["security.E004"]


def _redis_url() -> str | None:
    """A Redis for the test (database 15 of the local server), or None if none answers."""
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return url


def test_the_limit_holds_across_two_workers_with_redis(settings, monkeypatch):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "ratelimit-test",
    }
    settings.CACHES = {**settings.CACHES, "ratelimit": redis_cache}
    caches.create_connection("ratelimit").clear()
    worker_caches = _WorkerCaches()
    assert _sends_allowed(settings, monkeypatch, worker_caches) == 3
    assert check_rate_limit_cache(None) == []
