"""URLs of driftinformation (/clinic/bulletins/); included without a namespace of its own."""

from django.urls import path

from stegvis.clinic.views import bulletins

urlpatterns = [
    path("", bulletins.bulletin_list, name="bulletins"),
    path("new/", bulletins.bulletin_create, name="bulletin_create"),
    path("archive/", bulletins.bulletin_archive, name="bulletin_archive"),
    path("<int:bulletin_id>/edit/", bulletins.bulletin_edit, name="bulletin_edit"),
    path("<int:bulletin_id>/end/", bulletins.bulletin_end, name="bulletin_end"),
    path("<int:bulletin_id>/read/", bulletins.bulletin_read, name="bulletin_read"),
]
