"""Test settings: the real settings with fast hashing, in-memory mail and no network."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("STEGVIS_DEMO", "1")

from stegvis.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_CODE = "sv"
# Rate limits in the default local-memory store (the same LOCATION shares it): fixtures that
# clear `cache` reset them, and no query counts change. tests/security/test_shared_rate_limits.py
# covers the shared caches production uses.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# The session's world is built once and its access events are not sealed by a running sealer:
# /health/ would report them as waiting once the suite has run a few minutes. The health tests
# set the limits they test.
HEALTH_MAX_UNSEALED_SECONDS = 10**9
HEALTH_MAX_TASK_WAIT_SECONDS = 10**9
