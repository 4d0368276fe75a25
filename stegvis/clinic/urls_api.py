from django.urls import path

from stegvis.clinic.views import api_clients

urlpatterns = [
    path("", api_clients.client_list, name="api_clients"),
    path("<int:client_id>/", api_clients.client_detail, name="api_client"),
    path("<int:client_id>/rotate/", api_clients.rotate, name="api_client_rotate"),
    path("<int:client_id>/revoke/", api_clients.revoke, name="api_client_revoke"),
]
