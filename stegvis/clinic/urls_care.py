"""URLs of the care part of the staff portal (Mina, Alla, Starta moment, Hantera).

Included without a namespace of its own (names live in "clinic"). Only ids in paths.
"""

from django.urls import path

from stegvis.clinic.views import care, care_enrollment, care_records

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
    # Hantera's sub-pages: the whole of what Hantera shows the newest of.
    path("<int:enrollment_id>/history/", care_records.history, name="enrollment_history"),
    path("<int:enrollment_id>/answers/", care_records.answers, name="enrollment_answers"),
    path("<int:enrollment_id>/diary/", care_records.diary, name="enrollment_diary"),
    path("<int:enrollment_id>/results/", care_records.results, name="enrollment_results"),
]
