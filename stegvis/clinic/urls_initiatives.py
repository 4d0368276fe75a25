"""URLs of program initiatives (/clinic/initiatives/); included without a namespace of its own."""

from django.urls import path

from stegvis.clinic.views import initiatives, initiatives_review

urlpatterns = [
    path("", initiatives.initiative_list, name="initiatives"),
    path("new/", initiatives.initiative_create, name="initiative_create"),
    path("review/", initiatives_review.review_list, name="initiative_review"),
    path("<int:initiative_id>/", initiatives.initiative_detail, name="initiative"),
    path(
        "<int:initiative_id>/files/<int:attachment_id>/",
        initiatives.initiative_attachment,
        name="initiative_attachment",
    ),
    path(
        "<int:initiative_id>/complement/",
        initiatives.initiative_complement,
        name="initiative_complement",
    ),
    path(
        "<int:initiative_id>/decide/",
        initiatives_review.initiative_decide,
        name="initiative_decide",
    ),
    path("<int:initiative_id>/link/", initiatives_review.initiative_link, name="initiative_link"),
    path("<int:initiative_id>/pdf/", initiatives_review.initiative_pdf, name="initiative_pdf"),
]
