"""The signed-in floor: the floor (settings.py) and the least any signed-in Django page pays.

Django's database sessions and authentication on the run's PostgreSQL, in a database of its own
(`FLOOR_DATABASE_URL`, never Stegvis's tables): each request reads its session row and its
user row, two queries, then renders the floor's template. No roles, second factor, workplace,
access log or page data: what Stegvis adds to a page is the distance from here, and a page
can reach at best what this reaches (docs/scaling.md, "Reading the table").
"""

import os

import dj_database_url

from benchmarks.floor.settings import *  # noqa: F403 (the floor, with sessions added)
from benchmarks.floor.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.floor.signed_in_urls"
WSGI_APPLICATION = "benchmarks.floor.signed_in_wsgi.application"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
MIDDLEWARE = [
    *MIDDLEWARE,
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
# As Stegvis's: persistent connections (settings.py).
DATABASES = {"default": dj_database_url.parse(os.environ["FLOOR_DATABASE_URL"], conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
