"""System checks: the Content Security Policy stays strict, rate limits are configured."""

from importlib.util import find_spec

from django.conf import settings
from django.core import checks

_UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "*"}


@checks.register(checks.Tags.security)
def check_content_security_policy(app_configs, **kwargs) -> list[checks.CheckMessage]:
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    problems = []
    if not directives:
        problems.append(
            checks.Error("CONTENT_SECURITY_POLICY has no directives.", id="security.E001")
        )
    for name in ("default-src", "script-src", "style-src", "object-src", "base-uri"):
        if _UNSAFE & set(directives.get(name, ())):
            problems.append(
                checks.Error(
                    f"The Content Security Policy's {name} allows inline or any source.",
                    hint="Move inline code to static files; relax only the design tool.",
                    id="security.E002",
                )
            )
    if "django.middleware.security.SecurityMiddleware" not in settings.MIDDLEWARE or (
        "stegvis.security.csp.ScopedCSPMiddleware" not in settings.MIDDLEWARE
    ):
        problems.append(
            checks.Error("The security and CSP middleware must be installed.", id="security.E003")
        )
    return problems


_PER_PROCESS = ("LocMemCache", "DummyCache")


@checks.register(checks.Tags.caches, deploy=True)
def check_rate_limit_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Rate limits need a cache every app process shares; several processes want Redis."""
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    problems = []
    if backend.endswith(_PER_PROCESS):
        problems.append(
            checks.Warning(
                f"Rate limits are counted in {backend}: per process only.",
                hint="Count them in a shared cache: set CACHE_URL (Redis) or use the database.",
                id="security.W001",
            )
        )
    uses_redis = any(c["BACKEND"].endswith("RedisCache") for c in settings.CACHES.values())
    if uses_redis and find_spec("redis") is None:
        problems.append(
            checks.Error(
                "CACHE_URL is set but the redis package is not installed.",
                hint="Install redis (redis-py) or unset CACHE_URL.",
                id="security.E004",
            )
        )
    workers = getattr(settings, "APP_WORKERS", 1)
    if workers > 1 and not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        problems.append(
            checks.Warning(
                f"{workers} app processes (WEB_CONCURRENCY) and no CACHE_URL: the default cache "
                "(sign-in limits) is per process and rate-limit counts in the database are not "
                "atomic.",
                hint="Set CACHE_URL to a Redis database all app processes share.",
                id="security.W002",
            )
        )
    return problems
