from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from stegvis import views
from stegvis.accounts import oidc, oidc_backchannel
from stegvis.accounts.oidc_logout import SignOutView
from stegvis.accounts.views import email_for_citizens_only
from stegvis.api.rest.api import api as rest_api

# Django admin's sign-in form takes a password alone: send it to allauth's sign-in (second
# factor, lockout) instead, as allauth documents. Wagtail's are redirected in design/urls.py.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    # Before allauth's own: staff's e-mail comes from the HSA catalogue (docs/onboarding.md).
    path("accounts/email/", email_for_citizens_only),
    # Before allauth's own: the ID token's signature is always checked (accounts/oidc.py, whose
    # provider refuses to start a sign-in whose provider id this route would not match).
    path("accounts/oidc/<slug:provider_id>/login/callback/", oidc.callback),
    # Before allauth's own: sign out at the OpenID Connect provider too (accounts/oidc_logout.py).
    path("accounts/logout/", SignOutView.as_view()),
    # Logout the provider starts, server to server (accounts/oidc_backchannel.py). Not under
    # /accounts/oidc/, whose rate limit is a person's sign-ins: this has its own, per provider.
    path(
        "accounts/backchannel-logout/<slug:provider_id>/",
        oidc_backchannel.backchannel_logout,
        name="oidc_backchannel_logout",
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("clinic/", include("stegvis.clinic.urls")),
    path("portal/", include("stegvis.portal.urls")),
    path("design/", include("stegvis.design.urls")),
    path("demo/", include("stegvis.portal.urls_demo")),
    path("django-admin/", admin.site.urls),
    path("health/", include("stegvis.operations.urls")),
    # The API (docs/api.md): OAuth 2.0 tokens and FHIR R4.
    path("oauth/", include("stegvis.api.urls_oauth")),
    path("fhir/", include("stegvis.api.fhir.urls")),
    path("api/v1/", rest_api.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
