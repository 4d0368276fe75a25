"""Staff URLs of a conversation; included under "care/" in the "clinic" namespace. Ids only."""

from django.urls import path

from stegvis.messaging import views_staff

urlpatterns = [
    path("<int:enrollment_id>/messages/", views_staff.conversation, name="messages"),
    path("<int:enrollment_id>/messages/send/", views_staff.send, name="messages_send"),
    path("<int:enrollment_id>/messages/draft/", views_staff.save_draft, name="messages_draft"),
    path("<int:enrollment_id>/messages/read/", views_staff.mark_read, name="messages_read"),
    path(
        "messages/attachments/<int:attachment_id>/",
        views_staff.attachment,
        name="message_attachment",
    ),
]
