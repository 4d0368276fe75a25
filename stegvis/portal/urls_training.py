from django.urls import path

from stegvis.portal import views_training

urlpatterns = [
    path("back/", views_training.back, name="training_back"),
]
