"""Citizen URLs of a conversation; included in the "portal" namespace. Ids only."""

from django.urls import path

from stegvis.portal import views_messages

urlpatterns = [
    path("<int:enrollment_id>/messages/", views_messages.conversation, name="messages"),
    path("<int:enrollment_id>/messages/send/", views_messages.send, name="messages_send"),
    path("<int:enrollment_id>/messages/draft/", views_messages.save_draft, name="messages_draft"),
    path("<int:enrollment_id>/messages/read/", views_messages.mark_read, name="messages_read"),
    path(
        "messages/attachments/<int:attachment_id>/",
        views_messages.attachment,
        name="message_attachment",
    ),
]
