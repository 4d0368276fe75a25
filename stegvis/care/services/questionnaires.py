"""The citizen answering a questionnaire: on a step ("block:<key>") or due on a schedule.

Partial answers are stored as typed; a completed response is scored with the instrument engine
and raises the flags the release's flag rules name (see changes.py for the rest).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment, Flag, QuestionnaireResponse
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.changes import (
    SaveResult,
    begin_change,
    require_open_module,
    touch,
)
from stegvis.care.services.flags import raise_flag
from stegvis.care.services.history import add_history
from stegvis.care.services.program import document_of
from stegvis.catalog.document import ReleaseDocument, localised
from stegvis.db import atomic_write
from stegvis.instruments.responses import check_answers, drop_hidden_answers
from stegvis.instruments.scoring import score
from stegvis.organisation.models import User


def _questionnaire_key(
    enrollment: Enrollment,
    doc: ReleaseDocument,
    occasion: str,
    response: QuestionnaireResponse | None,
) -> str:
    """The questionnaire asked for on `occasion`; refused when there is none open to answer."""
    if occasion.startswith("block:"):
        found = doc.find_block(occasion.removeprefix("block:"))
        if found is None or found[2].type != "questionnaire":
            raise ValidationError(_("There is no such questionnaire."), code="unknown_block")
        require_open_module(enrollment, found[0].key)
        return found[2].questionnaire
    if response is not None:
        return response.questionnaire_key
    raise ValidationError(_("There is no such questionnaire."), code="unknown_occasion")


@atomic_write
def save_questionnaire(
    *,
    actor: User,
    enrollment: Enrollment,
    occasion: str,
    answers: dict,
    complete: bool = False,
) -> SaveResult:
    """Save answers to the questionnaire of `occasion` ("block:<key>" or a due response's).

    Partial answers are stored as typed; problems come back per item (in the current
    language). With `complete` and every required item validly answered, the response is
    scored with the instrument engine (score and definition version stored), flags are raised
    per the release's flag rules for each alert, and it can no longer be changed.
    """
    begin_change(actor, enrollment)
    doc = document_of(enrollment.release)
    response = QuestionnaireResponse.objects.filter(
        enrollment=enrollment, occasion=occasion
    ).first()
    key = _questionnaire_key(enrollment, doc, occasion, response)
    if response is not None and response.completed_at is not None:
        return SaveResult(response, completed=True)
    definition = doc.questionnaire_definition(key)
    answers = drop_hidden_answers(definition, answers if isinstance(answers, dict) else {})
    check = check_answers(definition, answers, complete=complete)
    now = timezone.now()
    if response is None:
        response = QuestionnaireResponse(
            enrollment=enrollment,
            questionnaire_key=key,
            occasion=occasion,
            started_at=now,
        )
    response.answers = answers
    response.updated_at = now
    response.definition_version = definition.version
    finishing = complete and check.complete
    if finishing:
        response.score = score(definition, answers).to_dict()
        response.completed_at = now
    response.save()
    touch(enrollment, now)
    action = "questionnaire.complete" if finishing else "questionnaire.save"
    record_enrollment_change(enrollment, actor=actor, action=action, target=response)
    if finishing:
        add_history(
            enrollment,
            actor=actor,
            action="questionnaire.completed",
            questionnaire=key,
            response=response.pk,
            total=response.score.get("total"),
        )
        _flag_alerts(enrollment, doc, response)
    errors = {link: localised(message) for link, message in check.errors.items()}
    return SaveResult(response, errors, completed=finishing)


def _flag_alerts(
    enrollment: Enrollment, doc: ReleaseDocument, response: QuestionnaireResponse
) -> None:
    """Raise the flag of the first matching flag rule for each of the response's alerts."""
    rules = [r for r in doc.flags if r.questionnaire == response.questionnaire_key]
    for alert in response.score.get("alerts", []):
        for rule in rules:
            if rule.alert_level != alert.get("level"):
                continue
            if rule.item is not None and rule.item != alert.get("item"):
                continue
            cause = alert.get("item") or alert.get("scale") or "total"
            raise_flag(
                enrollment,
                actor=None,
                kind=Flag.Kind.ALERT,
                level=rule.flag,
                dedupe_key=f"alert:{response.pk}:{cause}",
                # The flag's stored reason is Swedish; Hantera shows the reader's language.
                reason=localised(alert.get("message") or {}, "sv"),
            )
            break
