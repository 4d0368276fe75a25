"""The site's URLs plus views that meet SQLite's "database is locked", as a busy demo can."""

from django.db import OperationalError
from django.urls import path

from stegvis.db import DatabaseBusy
from stegvis.urls import urlpatterns as site_urlpatterns


def locked(request):
    raise OperationalError("database is locked")


def still_busy(request):
    raise DatabaseBusy()


def broken(request):
    raise OperationalError("no such table: nothing")


urlpatterns = [
    *site_urlpatterns,
    path("locked/", locked),
    path("busy/", still_busy),
    path("broken/", broken),
]
