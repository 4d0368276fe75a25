"""The unit's message templates; included under "messages/" in the "clinic" namespace."""

from django.urls import path

from stegvis.messaging import views_staff

urlpatterns = [
    path("templates/", views_staff.templates, name="message_templates"),
    path("templates/<int:template_id>/", views_staff.template_edit, name="message_template"),
    path(
        "templates/<int:template_id>/delete/",
        views_staff.template_delete,
        name="message_template_delete",
    ),
]
