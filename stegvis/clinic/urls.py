from django.urls import include, path

from stegvis.clinic.views import citizen_record, citizens, provider, provider_import, staff, start

app_name = "clinic"

urlpatterns = [
    path("", start.start, name="start"),
    path("workplace/", start.choose_workplace, name="workplace"),
    path("staff/", staff.staff_list, name="staff"),
    path("staff/<int:staff_id>/", staff.staff_detail, name="staff_detail"),
    path(
        "staff/grants/<int:grant_id>/inactivate/", staff.inactivate_grant, name="grant_inactivate"
    ),
    path("provider/units/", provider.unit_list, name="units"),
    path("provider/units/import/", provider_import.hsa_import, name="hsa_import"),
    path("provider/units/<int:unit_id>/", provider.unit_detail, name="unit_detail"),
    path("provider/units/<int:unit_id>/deactivate/", provider.deactivate, name="unit_deactivate"),
    path("citizens/", citizens.find, name="citizens"),
    path("citizens/new/", citizens.register, name="citizen_register"),
    path("citizens/<int:citizen_id>/", citizens.detail, name="citizen_detail"),
    path(
        "citizens/<int:citizen_id>/record/<slug:fmt>/",
        citizen_record.download,
        name="citizen_record",
    ),
    # Each part of the staff portal keeps its own URL module.
    path("catalog/", include("stegvis.clinic.urls_catalog")),
    path("care/", include("stegvis.clinic.urls_care")),
    path("notifications/", include("stegvis.clinic.urls_notifications")),
    path("access-log/", include("stegvis.clinic.urls_access_log")),
    path("care/", include("stegvis.clinic.urls_handover")),
    path("care/", include("stegvis.clinic.urls_messages")),
    path("care/", include("stegvis.clinic.urls_groups")),
    path("messages/", include("stegvis.clinic.urls_message_templates")),
    path("care/<int:enrollment_id>/relatives/", include("stegvis.clinic.urls_relatives")),
    path("statistics/", include("stegvis.clinic.urls_statistics")),
    path("system/", include("stegvis.clinic.urls_system")),
    path("provider/api-clients/", include("stegvis.clinic.urls_api")),
    path("provider/retention/", include("stegvis.clinic.urls_retention")),
    path("training/", include("stegvis.clinic.urls_training")),
    path("initiatives/", include("stegvis.clinic.urls_initiatives")),
    path("bulletins/", include("stegvis.clinic.urls_bulletins")),
]
