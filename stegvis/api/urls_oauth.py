from django.urls import path

from stegvis.api import views

app_name = "oauth"

urlpatterns = [
    path("authorize/", views.authorize, name="authorize"),
    path("token/", views.token, name="token"),
    path("revoke/", views.revoke, name="revoke"),
]
