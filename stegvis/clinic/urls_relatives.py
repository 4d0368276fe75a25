"""Staff URLs of relatives; included by clinic/urls_care.py under care/<enrollment_id>/relatives/.

Only ids in paths: the personnummer travels in the POST body.
"""

from django.urls import path

from stegvis.clinic.views import relatives

urlpatterns = [
    path("new/", relatives.invite, name="relative_invite"),
    path("<int:grant_id>/", relatives.grant_detail, name="relative_grant"),
    path("<int:grant_id>/end/", relatives.end, name="relative_end"),
]
