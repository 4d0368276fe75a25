"""Citizen URLs of a conversation; included in the "portal" namespace. Ids only."""

from django.urls import path

from stegvis.messaging import views_citizen

urlpatterns = [
    path("<int:enrollment_id>/messages/", views_citizen.conversation, name="messages"),
    path("<int:enrollment_id>/messages/send/", views_citizen.send, name="messages_send"),
    path("<int:enrollment_id>/messages/draft/", views_citizen.save_draft, name="messages_draft"),
    path("<int:enrollment_id>/messages/read/", views_citizen.mark_read, name="messages_read"),
    path(
        "messages/attachments/<int:attachment_id>/",
        views_citizen.attachment,
        name="message_attachment",
    ),
]
