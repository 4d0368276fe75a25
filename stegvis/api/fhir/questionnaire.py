"""`Questionnaire`: every instrument in the releases the caller's provider may use.

Released to the provider and, for another provider's program, under a valid agreement
(catalog's `usable_by`). Each instrument once per canonical URL and version; its id is
`<key>-<version>` with dots as dashes (e.g. `phq9-1-0-1`). Search by `url` and `version`.
The resource is the instrument exporter's (scoring as Stegvis's extension).
"""

from django.utils.text import slugify

from stegvis.api.fhir.bundle import page_of, searchset
from stegvis.api.fhir.http import fhir_endpoint, fhir_response, not_found
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.parsed import release_document
from stegvis.catalog.services import usable_by
from stegvis.instruments.fhir import definition_to_fhir


def questionnaire_id(key: str, version: str) -> str:
    return slugify(f"{key}-{version}".replace(".", "-"))[:64]


def _definitions(provider):
    """(id, definition) of every instrument usable by `provider`, once each, in a fixed order."""
    found = {}
    releases = ProgramRelease.objects.filter(usable_by(provider)).distinct().order_by("pk")
    for release in releases:
        document = release_document(release)
        for key in sorted(document.questionnaires):
            definition = document.questionnaire_definition(key)
            found.setdefault(questionnaire_id(definition.key, definition.version), definition)
    return sorted(found.items())


def questionnaire_resource(pk: str, definition) -> dict:
    return {"id": pk, **definition_to_fhir(definition)}


@fhir_endpoint("Questionnaire")
def read(request, caller, pk: str):
    for found, definition in _definitions(caller.provider):
        if found == pk:
            return fhir_response(questionnaire_resource(found, definition))
    raise not_found()


@fhir_endpoint("Questionnaire")
def search(request, caller):
    page = page_of(request)
    url, version = request.GET.get("url"), request.GET.get("version")
    if url and "|" in url:
        url, version = url.split("|", 1)
    rows = []
    for pk, definition in _definitions(caller.provider):
        resource = questionnaire_resource(pk, definition)
        if url and resource.get("url") != url:
            continue
        if version and resource.get("version") != version:
            continue
        rows.append(resource)
    window = rows[page.offset : page.offset + page.count]
    return fhir_response(searchset(request, window, len(rows), page))
