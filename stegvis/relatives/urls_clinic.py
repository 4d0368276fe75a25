"""Staff URLs of relatives; included by clinic/urls_care.py under care/<enrollment_id>/relatives/.

Only ids in paths: the personnummer travels in the POST body.
"""

from django.urls import path

from stegvis.relatives import views_clinic

urlpatterns = [
    path("new/", views_clinic.invite, name="relative_invite"),
    path("<int:grant_id>/", views_clinic.grant_detail, name="relative_grant"),
    path("<int:grant_id>/end/", views_clinic.end, name="relative_end"),
]
