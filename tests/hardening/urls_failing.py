"""The site's URLs plus one view that fails, to see the 500 page as a browser would."""

from django.urls import path

from stegvis.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a bug for 191212121212 Tolvan Tolvansson")


urlpatterns = [*site_urlpatterns, path("fail/", fail)]
