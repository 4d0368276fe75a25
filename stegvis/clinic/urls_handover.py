"""URLs of handover (överlämning) and change of practitioner (byt behandlare).

Included under "care/" without a namespace of its own (names live in "clinic"). Only ids in paths.
"""

from django.urls import path

from stegvis.clinic.views import care_handover, care_reassign

urlpatterns = [
    path("<int:enrollment_id>/handover/", care_handover.start, name="handover_start"),
    path("<int:enrollment_id>/handover/unit/", care_handover.choose_unit, name="handover_unit"),
    path(
        "<int:enrollment_id>/handover/unit/<int:unit_id>/",
        care_handover.confirm,
        name="handover_confirm",
    ),
    path(
        "<int:enrollment_id>/handover/withdraw/",
        care_handover.withdraw,
        name="handover_withdraw",
    ),
    path(
        "<int:enrollment_id>/practitioner/",
        care_reassign.change_practitioner,
        name="enrollment_practitioner",
    ),
    path("handovers/", care_handover.incoming, name="handovers_incoming"),
    path("handovers/<int:handover_id>/", care_handover.incoming_detail, name="handover_incoming"),
    path("handovers/<int:handover_id>/approve/", care_handover.approve, name="handover_approve"),
    path("handovers/<int:handover_id>/reject/", care_handover.reject, name="handover_reject"),
]
