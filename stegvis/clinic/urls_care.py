"""URLs of the care part of the staff portal (Mina, Alla, Starta moment, Hantera).

Included without a namespace of its own (names live in "clinic"). Only ids in paths.
"""

from django.urls import path

from stegvis.clinic.views import care, care_enrollment

urlpatterns = [
    path("", care.my_enrollments, name="my_enrollments"),
    path("all/", care.unit_enrollments, name="unit_enrollments"),
    path("start/", care.start, name="enrollment_start"),
    path("<int:enrollment_id>/", care_enrollment.detail, name="enrollment"),
    path("<int:enrollment_id>/modules/", care_enrollment.module_action, name="enrollment_module"),
    path(
        "<int:enrollment_id>/flags/<int:flag_id>/acknowledge/",
        care_enrollment.acknowledge,
        name="enrollment_flag_acknowledge",
    ),
    path(
        "<int:enrollment_id>/feedback/<int:feedback_id>/",
        care_enrollment.respond,
        name="enrollment_feedback",
    ),
    path("<int:enrollment_id>/phase/", care_enrollment.phase, name="enrollment_phase"),
    path("<int:enrollment_id>/assign/", care_enrollment.assign, name="enrollment_assign"),
]
