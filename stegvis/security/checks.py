"""System checks: the Content Security Policy stays strict, rate limits are configured."""

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


@checks.register(checks.Tags.caches, deploy=True)
def check_rate_limit_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache", "FileBasedCache", "DatabaseCache")):
        return [
            checks.Info(
                f"Rate limits are counted in {backend}: per process only.",
                hint="Set CACHE_URL (Redis) when more than one app process serves requests.",
                id="security.I001",
            )
        ]
    return []
