"""FHIR R4 in and out: Questionnaire import/export, QuestionnaireResponse in/out.

All parsing and checking of FHIR goes through the ``fhir.resources`` R4B models.
"""

from .exporter import definition_to_fhir
from .importer import FhirImportError, ImportResult, questionnaire_from_fhir
from .responses import answers_from_fhir_response, response_to_fhir

__all__ = [
    "FhirImportError",
    "ImportResult",
    "answers_from_fhir_response",
    "definition_to_fhir",
    "questionnaire_from_fhir",
    "response_to_fhir",
]
