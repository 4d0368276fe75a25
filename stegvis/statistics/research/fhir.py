"""The responses as FHIR R4 QuestionnaireResponse NDJSON: pseudonymous, with no dates.

Built with the instruments' `response_to_fhir` (so items and answers are coded as everywhere
in Stegvis), then given a pseudonymous id and subject, and the days since the enrollment's
start in place of `authored`.
"""

import json
from collections.abc import Iterator

from stegvis.instruments.fhir.responses import response_to_fhir
from stegvis.statistics.research.tables import ExportSettings, Response

EXTENSION_BASE = "https://stegvis.se/fhir/StructureDefinition/research-"
DAYS_SINCE_START = EXTENSION_BASE + "days-since-start"
ENROLLMENT = EXTENSION_BASE + "enrollment"
TOTAL_SCORE = EXTENSION_BASE + "total-score"
OCCASION = EXTENSION_BASE + "occasion"


def pseudonym_system(export_id: int) -> str:
    """The identifier system of one export's pseudonyms: they mean nothing outside it."""
    return f"urn:stegvis:research-export:{export_id}:citizen"


def resource(response: Response, export_id: int, *, system: str = "") -> dict | None:
    """One response as FHIR, or None when its instrument's definition is unknown.

    `system` names the pseudonyms' identifier system (default: the research export's).
    """
    if response.definition is None:
        return None
    data = response_to_fhir(response.definition, response.answers)
    data["id"] = response.pseudonym
    data["status"] = "completed"
    data["subject"] = {
        "identifier": {
            "system": system or pseudonym_system(export_id),
            "value": response.citizen,
        }
    }
    extensions = [
        {"url": DAYS_SINCE_START, "valueInteger": response.days_since_start},
        {"url": ENROLLMENT, "valueString": response.enrollment},
        {"url": OCCASION, "valueString": response.occasion},
    ]
    total = response.score.get("total")
    if isinstance(total, int | float) and not isinstance(total, bool):
        extensions.append({"url": TOTAL_SCORE, "valueDecimal": total})
    data["extension"] = extensions
    return data


def ndjson_lines(
    settings: ExportSettings, source: Iterator[Response], export_id: int
) -> Iterator[str]:
    for response in source:
        data = resource(response, export_id)
        if data is not None:
            yield json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
