from django.contrib.auth import views as auth_views
from django.urls import include, path

from tests.idp.logout import logout_token

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    # Test-only: a logout token for a user's latest sign-in (tests/idp/logout.py).
    path("logout-token/", logout_token, name="logout_token"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
