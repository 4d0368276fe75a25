"""The site's URLs plus views that meet SQLite's "database is locked", as a busy demo can."""

from django.db import OperationalError
from django.urls import path

from stegvis.urls import urlpatterns as site_urlpatterns


def locked(request):
    raise OperationalError("database is locked")


def broken(request):
    raise OperationalError("no such table: nothing")


urlpatterns = [*site_urlpatterns, path("locked/", locked), path("broken/", broken)]
