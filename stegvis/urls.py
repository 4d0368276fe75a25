from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from stegvis import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("clinic/", include("stegvis.clinic.urls")),
    path("portal/", include("stegvis.portal.urls")),
    path("design/", include("stegvis.design.urls")),
    path("demo/", include("stegvis.notifications.urls_demo")),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
