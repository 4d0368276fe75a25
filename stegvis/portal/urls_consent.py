"""The citizen's consents and blocks; included in the "portal" namespace under consent/."""

from django.urls import path

from stegvis.portal import views_consent

urlpatterns = [
    path("", views_consent.overview, name="consent"),
    path(
        "invitations/<int:grant_id>/approve/",
        views_consent.approve_invitation,
        name="consent_approve",
    ),
    path(
        "invitations/<int:grant_id>/decline/",
        views_consent.decline_invitation,
        name="consent_decline",
    ),
    path("blocks/", views_consent.block, name="consent_block"),
    path("blocks/<int:block_id>/lift/", views_consent.lift, name="consent_lift"),
]
