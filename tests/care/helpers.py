"""Building care data for tests the way the citizen's work produces it."""

import datetime as dt

from django.utils import timezone

from stegvis.care.models import (
    Answer,
    DiaryEntry,
    Feedback,
    Flag,
    HistoryEvent,
    QuestionnaireResponse,
)
from stegvis.instruments.library import builtin
from stegvis.instruments.scoring import score
from tests.factories import FlagFactory


def phq9_answers(value: str = "2", item9: str = "0") -> dict:
    answers = {str(i): value for i in range(1, 9)}
    answers["9"] = item9
    answers["10"] = "1"
    return answers


def completed_phq9(enrollment, n: int, *, days_ago: int = 0, item9: str = "0"):
    """A completed, scored PHQ-9 at occasion block:<n>, as the citizen's services store it."""
    answers = phq9_answers(item9=item9)
    result = score(builtin("phq9"), answers)
    when = timezone.now() - dt.timedelta(days=days_ago)
    return QuestionnaireResponse.objects.create(
        enrollment=enrollment,
        questionnaire_key="phq9",
        definition_version=result.version,
        occasion=f"block:intro-phq9:{n}",
        answers=answers,
        score=result.to_dict(),
        completed_at=when,
        started_at=when,
    )


def fill(enrollment, size: int, offset: int = 0) -> None:
    """Add `size` of everything Hantera shows: responses, answers, diary, feedback, flags."""
    for n in range(offset, offset + size):
        response = completed_phq9(
            enrollment, n, days_ago=offset + size - n, item9="1" if n == 0 else "0"
        )
        FlagFactory(
            enrollment=enrollment,
            kind=Flag.Kind.ALERT,
            level=Flag.Level.RED,
            dedupe_key=f"alert:{response.pk}:9",
        )
        DiaryEntry.objects.create(
            enrollment=enrollment,
            diary_key="mood",
            entry_date=timezone.localdate() - dt.timedelta(days=n),
            values={"mood": n % 10},
        )
        Answer.objects.create(
            enrollment=enrollment, block_key=f"extra-{n}", value={"text": f"svar {n}"}
        )
    Answer.objects.get_or_create(
        enrollment=enrollment,
        block_key="plan",
        defaults={"value": {"what": "Promenera", "hours": 2}, "submitted_at": timezone.now()},
    )
    Answer.objects.get_or_create(
        enrollment=enrollment,
        block_key="act-feedback",
        defaults={"value": {"text": "Det gick bra"}},
    )
    Feedback.objects.get_or_create(enrollment=enrollment, block_key="act-feedback")


def long_treatment(enrollment, n: int) -> None:
    """Add `n` of each record that grows with a long treatment, in bulk (history, answers,
    diary entries, completed PHQ-9s, acknowledged flags) and one open item alert.

    Row i is i days old; the newest carry "nyast" and the oldest "äldst" in their text.
    """
    now = timezone.now()
    result = score(builtin("phq9"), phq9_answers()).to_dict()
    staff = enrollment.practitioner

    def text(i):
        return "nyast" if i == 0 else "äldst" if i == n - 1 else f"rad {i}"

    HistoryEvent.objects.bulk_create(
        HistoryEvent(
            enrollment=enrollment,
            at=now - dt.timedelta(days=i, hours=1),
            actor=staff,
            action="phase.changed",
            detail={"reason": f"historik {text(i)}"},
        )
        for i in range(n)
    )
    Answer.objects.bulk_create(
        Answer(
            enrollment=enrollment,
            block_key=f"long-{i}",
            value={"text": f"svar {text(i)}"},
            updated_at=now - dt.timedelta(days=i, hours=1),
        )
        for i in range(n)
    )
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            enrollment=enrollment,
            diary_key="mood",
            entry_date=timezone.localdate() - dt.timedelta(days=i + 1),
            values={"mood": i % 10},
        )
        for i in range(n)
    )
    responses = QuestionnaireResponse.objects.bulk_create(
        QuestionnaireResponse(
            enrollment=enrollment,
            questionnaire_key="phq9",
            definition_version=result["version"],
            occasion=f"long:{i}",
            answers=phq9_answers(),
            score=result,
            completed_at=now - dt.timedelta(days=i, hours=1),
        )
        for i in range(n)
    )
    Flag.objects.bulk_create(
        Flag(
            enrollment=enrollment,
            kind=Flag.Kind.OVERDUE,
            level=Flag.Level.YELLOW,
            dedupe_key=f"long:{i}",
            raised_at=now - dt.timedelta(days=i, hours=2),
            acknowledged_at=now - dt.timedelta(days=i, hours=1),
            acknowledged_by=staff,
        )
        for i in range(n)
    )
    if not Flag.objects.filter(
        enrollment=enrollment, dedupe_key=f"alert:{responses[0].pk}:9"
    ).exists():
        FlagFactory(
            enrollment=enrollment,
            dedupe_key=f"alert:{responses[0].pk}:9",
            kind=Flag.Kind.ALERT,
            level=Flag.Level.RED,
        )
