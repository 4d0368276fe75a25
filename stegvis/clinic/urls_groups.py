"""Groups of enrollments at the active unit; included under "care/" in the "clinic" namespace."""

from django.urls import path

from stegvis.clinic.views import care_group_message, care_groups

urlpatterns = [
    path("groups/", care_groups.group_list, name="groups"),
    path("groups/add/", care_groups.add, name="group_add"),
    path("groups/<int:group_id>/", care_groups.group_detail, name="group"),
    path("groups/<int:group_id>/rename/", care_groups.rename, name="group_rename"),
    path("groups/<int:group_id>/delete/", care_groups.delete, name="group_delete"),
    path("groups/<int:group_id>/message/", care_group_message.group_message, name="group_message"),
    path(
        "groups/<int:group_id>/remove/<int:enrollment_id>/",
        care_groups.remove_member,
        name="group_remove_member",
    ),
    path("<int:enrollment_id>/groups/", care_groups.enrollment_groups, name="enrollment_groups"),
]
