"""Staff URLs of a conversation; included under "care/" in the "clinic" namespace. Ids only."""

from django.urls import path

from stegvis.clinic.views import messages

urlpatterns = [
    path("<int:enrollment_id>/messages/", messages.conversation, name="messages"),
    path("<int:enrollment_id>/messages/send/", messages.send, name="messages_send"),
    path("<int:enrollment_id>/messages/draft/", messages.save_draft, name="messages_draft"),
    path("<int:enrollment_id>/messages/read/", messages.mark_read, name="messages_read"),
    path(
        "messages/attachments/<int:attachment_id>/",
        messages.attachment,
        name="message_attachment",
    ),
]
