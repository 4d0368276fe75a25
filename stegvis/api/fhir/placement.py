"""Which questionnaire a posted `QuestionnaireResponse` answers: a scheduled one, or a step's.

Two kinds of questionnaire wait for a citizen's answers, as in the portal:

- **scheduled**: a response row with `due_at` and no `completed_at` (the portal's "due" list),
  named by the `questionnaire` (canonical URL, optionally `|version`) alone, or with the
  `episode-of-care` extension when the patient has several open ones of that kind;
- **placed in a step**: a questionnaire block of a step of the release, answered on the step
  page (occasion `block:<block key>`). The body names the step with the extension
  `program-step` (`valueString`: the step key, or `<step key>#<block key>` when the step holds
  the same questionnaire twice), and the enrollment with `episode-of-care` when more than one
  of the patient's enrollments has that step.

Reach is the caller's row-level filter (a patient token: the citizen's own enrollments; a
system: its units'); out of reach is 404. A name that fits nothing is 422, one that fits more
than one questionnaire is 422 (`multiple-matches`) naming what to add, a closed enrollment or a
module not open to the citizen is 422 (`business-rule`), one already completed is 409. Every
refusal is in English and Swedish; care's `save_questionnaire` checks module and enrollment
again inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from stegvis.api.auth import ApiError
from stegvis.api.fhir.common import reference_id
from stegvis.api.fhir.http import not_found
from stegvis.api.fhir.questionnaire_response import (
    EPISODE_EXTENSION,
    STEP_EXTENSION,
    visible_responses,
)
from stegvis.care.models import Enrollment, Phase, QuestionnaireResponse
from stegvis.care.services.changes import open_module_keys
from stegvis.catalog.parsed import release_document


@dataclass(frozen=True)
class Target:
    """What the answers go to: the enrollment, the occasion and the questionnaire's key."""

    enrollment: Enrollment
    occasion: str
    questionnaire_key: str


def refusal(en: str, sv: str, code: str = "processing", status: int = 422) -> ApiError:
    return ApiError(status, code, en, sv)


def _extension(data: dict, url: str) -> dict | None:
    return next((e for e in data.get("extension") or [] if e.get("url") == url), None)


def _episode(data: dict) -> int | None:
    extension = _extension(data, EPISODE_EXTENSION)
    if extension is None:
        return None
    return reference_id((extension.get("valueReference") or {}).get("reference"), "EpisodeOfCare")


def _step_name(data: dict) -> tuple[str, str] | None:
    """The (step key, block key or "") the `program-step` extension names, or None."""
    extension = _extension(data, STEP_EXTENSION)
    if extension is None:
        return None
    value = extension.get("valueString")
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            "program-step: valueString with the step key is required (stegets nyckel krävs)."
        )
    step, _sep, block = value.strip().partition("#")
    return step, block


def _questionnaire(data: dict) -> tuple[str, str]:
    """The questionnaire's key (the canonical URL's last part) and the version asked for."""
    url, _sep, version = (data.get("questionnaire") or "").partition("|")
    key = url.rstrip("/").rsplit("/", 1)[-1]
    if not key:
        raise ValidationError("questionnaire: a canonical URL is required (krävs).")
    return key, version


def resolve(caller, data: dict) -> Target:
    """The questionnaire the body answers, in the caller's reach; refused as the module says."""
    patient = reference_id((data.get("subject") or {}).get("reference"), "Patient")
    if patient is None:
        raise ValidationError("subject: a Patient reference is required (subject krävs).")
    key, version = _questionnaire(data)
    episode = _episode(data)
    step = _step_name(data)
    if step is not None:
        return _step_target(caller, patient, key, version, episode, step)
    return _scheduled_target(caller, patient, key, version, episode)


def _scheduled_target(caller, patient: int, key: str, version: str, episode) -> Target:
    qs = visible_responses(caller).filter(
        enrollment__citizen_id=patient,
        questionnaire_key=key,
        due_at__isnull=False,
        completed_at__isnull=True,
    )
    if version:
        qs = qs.filter(definition_version__in=[version, ""])
    if episode is not None:
        qs = qs.filter(enrollment_id=episode)
    found = list(qs.exclude(enrollment__phase=Phase.CLOSED).order_by("due_at", "pk")[:2])
    if not found:
        raise not_found()
    if len(found) > 1 and episode is None:
        raise refusal(
            "Several open questionnaires of this kind: name the enrollment in the "
            "episode-of-care extension (EpisodeOfCare/<id>).",
            "Flera öppna formulär av det här slaget: ange inskrivningen i tillägget "
            "episode-of-care (EpisodeOfCare/<id>).",
            "multiple-matches",
        )
    return Target(found[0].enrollment, found[0].occasion, key)


def _placements(enrollment: Enrollment, step_key: str, block_key: str, key: str, version: str):
    """The questionnaire blocks of `key` in the release's step `step_key`, with their module."""
    doc = release_document(enrollment.release)
    found = doc.find_step(step_key)
    if found is None:
        return []
    module, _section, step = found
    blocks = [
        block
        for block in step.blocks
        if block.type == "questionnaire"
        and block.questionnaire == key
        and (not block_key or block.key == block_key)
    ]
    if blocks and version and doc.questionnaire_definition(key).version != version:
        return []
    return [(enrollment, module, block) for block in blocks]


def _step_target(caller, patient: int, key: str, version: str, episode, step) -> Target:
    step_key, block_key = step
    enrollments = caller.enrollments().filter(citizen_id=patient).select_related("release")
    if episode is not None:
        enrollments = enrollments.filter(pk=episode)
    enrollments = list(enrollments.order_by("pk"))
    if not enrollments:
        raise not_found()
    placements = [
        placement
        for enrollment in enrollments
        for placement in _placements(enrollment, step_key, block_key, key, version)
    ]
    if not placements:
        raise refusal(
            f"No step {step_key!r} with this questionnaire in the patient's programs.",
            f"Det finns inget steg {step_key!r} med det här formuläret i patientens program.",
        )
    _require_one(placements)
    enrollment, module, block = placements[0]
    _require_open(enrollment, module.key, f"block:{block.key}")
    return Target(enrollment, f"block:{block.key}", key)


def _require_one(placements: list) -> None:
    if len({enrollment.pk for enrollment, _m, _b in placements}) > 1:
        raise refusal(
            "The step is in more than one of the patient's enrollments: name one in the "
            "episode-of-care extension (EpisodeOfCare/<id>).",
            "Steget finns i fler än en av patientens inskrivningar: ange en i tillägget "
            "episode-of-care (EpisodeOfCare/<id>).",
            "multiple-matches",
        )
    if len(placements) > 1:
        blocks = ", ".join(block.key for _e, _m, block in placements)
        raise refusal(
            f"The step holds this questionnaire more than once: name the block as "
            f"'<step>#<block>' in program-step ({blocks}).",
            f"Steget har det här formuläret mer än en gång: ange blocket som "
            f"'<steg>#<block>' i program-step ({blocks}).",
            "multiple-matches",
        )


def _require_open(enrollment: Enrollment, module_key: str, occasion: str) -> None:
    if enrollment.phase == Phase.CLOSED:
        raise closed()
    if module_key not in open_module_keys(enrollment):
        raise locked()
    done = QuestionnaireResponse.objects.filter(
        enrollment=enrollment, occasion=occasion, completed_at__isnull=False
    ).exists()
    if done:
        raise refusal(
            "This questionnaire is already completed; answers can no longer be changed.",
            "Formuläret är redan besvarat; svaren kan inte längre ändras.",
            "conflict",
            409,
        )


def closed() -> ApiError:
    return refusal(
        "The program is closed: it can be read but no longer changed.",
        "Programmet är avslutat: det går att läsa men inte längre ändra.",
        "business-rule",
    )


def locked() -> ApiError:
    return refusal(
        "The step's module is not open to the patient yet.",
        "Stegets modul är inte öppen för patienten än.",
        "business-rule",
    )


def from_service(error: ValidationError) -> ApiError | None:
    """The API's refusal for care's own checks (raised inside its transaction), if one fits."""
    code = getattr(error, "code", None)
    if code == "closed":
        return closed()
    if code == "step_locked":
        return locked()
    if code in ("unknown_block", "unknown_occasion"):
        return refusal(
            "There is no such questionnaire to answer.",
            "Det finns inget sådant formulär att besvara.",
        )
    return None
