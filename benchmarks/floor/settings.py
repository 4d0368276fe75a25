"""The least Django that renders a template: no database, no sessions, no authentication.

Only the production security headers middleware stays, so the floor pays for what every
Stegvis response pays for at the least.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

DEBUG = False
SECRET_KEY = os.environ.get("FLOOR_SECRET_KEY", "floor-benchmark-only-serves-a-static-template")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.floor.urls"
WSGI_APPLICATION = "benchmarks.floor.wsgi.application"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
    }
]
DATABASES: dict = {}
USE_I18N = False
USE_TZ = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
