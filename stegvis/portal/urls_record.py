"""The citizen's own record export; included in the "portal" namespace."""

from django.urls import path

from stegvis.portal import views_record

urlpatterns = [
    path("", views_record.my_record, name="my_record"),
    path("<slug:fmt>/", views_record.my_record_download, name="my_record_download"),
]
