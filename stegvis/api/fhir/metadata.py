"""`GET /fhir/metadata`: the CapabilityStatement, open to anyone (FHIR and SMART expect that).

It says what the server does (resources, interactions, search parameters) and where to get a
token (the SMART `oauth-uris` extension). It holds no data.
"""

from django.urls import reverse
from django.views.decorators.http import require_GET

from stegvis.api.fhir.http import fhir_response

FHIR_VERSION = "4.0.1"
SMART_OAUTH = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
# Bulk Data Access IG (v2): the system-level `$export`, here of one program's responses.
BULK_DATA = "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"
BULK_EXPORT = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"

# Resource type -> (interactions, search parameters as (name, type)).
RESOURCES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "Questionnaire": (("read", "search-type"), (("url", "uri"), ("version", "token"))),
    "QuestionnaireResponse": (
        ("read", "search-type", "create"),
        (
            ("patient", "reference"),
            ("questionnaire", "reference"),
            ("authored", "date"),
            ("status", "token"),
            ("_count", "number"),
        ),
    ),
    "Observation": (
        ("read", "search-type"),
        (("patient", "reference"), ("code", "token"), ("derived-from", "reference")),
    ),
    # Also POST Patient/_search, so that a personnummer need not be in a URL.
    "Patient": (("read", "search-type"), (("identifier", "token"),)),
    "Practitioner": (("read",), ()),
    "Organization": (("read", "search-type"), (("identifier", "token"),)),
    "EpisodeOfCare": (("read", "search-type"), (("patient", "reference"),)),
}


# What a client must know to create one (docs/api.md, "Answering a questionnaire").
DOCUMENTATION = {
    "QuestionnaireResponse": (
        "create answers an open questionnaire of the subject: a scheduled one (by "
        "`questionnaire` alone), or one placed in a step of an open module, named by the "
        "extension https://stegvis.se/fhir/StructureDefinition/program-step (valueString: the "
        "step key, or <step>#<block>). When more than one of the patient's enrollments fits, "
        "name one with https://stegvis.se/fhir/StructureDefinition/episode-of-care "
        "(valueReference EpisodeOfCare/<id>); an ambiguous body is 422."
    ),
}


def _resource(kind: str) -> dict:
    interactions, params = RESOURCES[kind]
    resource = {
        "type": kind,
        "interaction": [{"code": code} for code in interactions],
        "searchParam": [{"name": name, "type": type_} for name, type_ in params],
        "versioning": "versioned",
    }
    if kind in DOCUMENTATION:
        resource["documentation"] = DOCUMENTATION[kind]
    return resource


def capability_statement(request) -> dict:
    token_url = request.build_absolute_uri(reverse("oauth:token"))
    authorize_url = request.build_absolute_uri(reverse("oauth:authorize"))
    revoke_url = request.build_absolute_uri(reverse("oauth:revoke"))
    data = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-02",
        "publisher": "Stegvis",
        "kind": "instance",
        "software": {"name": "Stegvis"},
        "implementation": {
            "description": "Stegvis FHIR R4 API",
            "url": request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("/metadata"),
        },
        "instantiates": [BULK_DATA],
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "SMART-on-FHIR",
                                }
                            ]
                        }
                    ],
                    "extension": [
                        {
                            "url": SMART_OAUTH,
                            "extension": [
                                {"url": "token", "valueUri": token_url},
                                {"url": "authorize", "valueUri": authorize_url},
                                {"url": "revoke", "valueUri": revoke_url},
                            ],
                        }
                    ],
                },
                "resource": [_resource(kind) for kind in RESOURCES],
                "operation": [
                    {
                        "name": "export",
                        "definition": BULK_EXPORT,
                        "documentation": (
                            "One program's completed QuestionnaireResponses, pseudonymised, "
                            "as NDJSON: _type=QuestionnaireResponse, program=<key>, _since; "
                            "system clients with system/QuestionnaireResponse.read."
                        ),
                    }
                ],
            }
        ],
    }
    return _validated(data)


def _validated(data: dict) -> dict:
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.capabilitystatement import CapabilityStatement

    return CapabilityStatement.model_validate(data).model_dump(mode="json", exclude_none=True)


@require_GET
def metadata(request):
    return fhir_response(capability_statement(request))
