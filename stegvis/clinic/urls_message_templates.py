"""The unit's message templates; included under "messages/" in the "clinic" namespace."""

from django.urls import path

from stegvis.clinic.views import messages

urlpatterns = [
    path("templates/", messages.templates, name="message_templates"),
    path("templates/<int:template_id>/", messages.template_edit, name="message_template"),
    path(
        "templates/<int:template_id>/delete/",
        messages.template_delete,
        name="message_template_delete",
    ),
]
