"""URLs of the program catalog (/clinic/catalog/); included without a namespace of its own."""

from django.urls import path

from stegvis.clinic.views import catalog, catalog_agreements

urlpatterns = [
    path("", catalog.catalog, name="catalog"),
    path("import/", catalog.import_file, name="catalog_import"),
    path("releases/<int:release_id>/", catalog.release_detail, name="catalog_release"),
    path("releases/<int:release_id>/activate/", catalog.activate, name="catalog_activate"),
    path("releases/<int:release_id>/deactivate/", catalog.deactivate, name="catalog_deactivate"),
    path("releases/<int:release_id>/withdraw/", catalog.withdraw, name="catalog_withdraw"),
    path("releases/<int:release_id>/export/", catalog.export, name="catalog_export"),
    path("agreements/", catalog_agreements.agreement_list, name="catalog_agreements"),
    path("agreements/new/", catalog_agreements.agreement_create, name="catalog_agreement_create"),
    path(
        "agreements/<int:agreement_id>/",
        catalog_agreements.agreement_edit,
        name="catalog_agreement_edit",
    ),
]
