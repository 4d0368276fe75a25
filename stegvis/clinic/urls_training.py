from django.urls import path

from stegvis.clinic.views import training

urlpatterns = [
    path("mode/", training.mode, name="training_mode"),
    path("test-patient/", training.test_patient, name="training_test_patient"),
    path("units/<int:unit_id>/reset/", training.reset, name="training_reset"),
]
