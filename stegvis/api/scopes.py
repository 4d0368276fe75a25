"""SMART on FHIR scopes (v1 syntax): `<context>/<resource>.<read|write>`.

The context says on whose behalf a token acts: `system` (a client-credentials client for its
provider and units), `user` (a signed-in staff member through an app) or `patient` (a citizen's
own app, limited to the citizen's own enrollments). `*` stands for every resource.
"""

from collections.abc import Iterable

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SYSTEM, USER, PATIENT = "system", "user", "patient"
CONTEXTS = (SYSTEM, USER, PATIENT)
READ, WRITE = "read", "write"

RESOURCES = (
    "Questionnaire",
    "QuestionnaireResponse",
    "Observation",
    "Patient",
    "Practitioner",
    "Organization",
    "EpisodeOfCare",
    # The REST API (/api/v1/, docs/api.md) names its areas by the nearest FHIR resource:
    # the catalog's programs, releases and activations, and an enrollment's messages.
    "PlanDefinition",
    "Communication",
)
# Writes the API accepts: answers to an open questionnaire of an enrollment (FHIR); activation,
# enrollment changes and messages (REST, by a staff member's app only).
WRITABLE = ("QuestionnaireResponse", "PlanDefinition", "EpisodeOfCare", "Communication")


# What each resource is, as the consent page tells the citizen (or staff member).
_LABELS = {
    "Questionnaire": _("forms"),
    "QuestionnaireResponse": _("answers to forms"),
    "Observation": _("scores of answered forms"),
    "Patient": _("name and personal identity number"),
    "Practitioner": _("practitioners"),
    "Organization": _("care providers and units"),
    "EpisodeOfCare": _("programs"),
    "PlanDefinition": _("the program catalog and which programs units use"),
    "Communication": _("messages"),
}


def _all_scopes() -> dict[str, str]:
    """Every scope with its description (lazy: in the reader's language)."""
    scopes: dict[str, str] = {}
    for context in CONTEXTS:
        scopes[f"{context}/*.read"] = _("Read everything the app may see")
        for resource in RESOURCES:
            label = _LABELS[resource]
            scopes[f"{context}/{resource}.read"] = format_lazy(_("Read {what}"), what=label)
        for resource in WRITABLE:
            label = _LABELS[resource]
            scopes[f"{context}/{resource}.write"] = format_lazy(_("Send {what}"), what=label)
    return scopes


ALL_SCOPES: dict[str, str] = _all_scopes()


def context_of(scope: str) -> str:
    return scope.split("/", 1)[0]


def valid_for(context: str, scopes: Iterable[str]) -> list[str]:
    """The scopes among `scopes` that exist and belong to `context`, in a stable order."""
    wanted = set(scopes)
    return [s for s in ALL_SCOPES if s in wanted and context_of(s) == context]


def grants(scopes: Iterable[str], context: str, resource: str, permission: str) -> bool:
    """Whether `scopes` allow `permission` ("read"/"write") on `resource` in `context`."""
    held = set(scopes)
    return f"{context}/{resource}.{permission}" in held or f"{context}/*.{permission}" in held
