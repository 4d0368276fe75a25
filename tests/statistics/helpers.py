"""Scores for the outcome tests: a PHQ-9 history per enrollment, training data beside it."""

import datetime as dt

from django.utils import timezone

from stegvis.organisation.models import Role
from stegvis.statistics.summaries.refresh import refresh
from tests.factories import CitizenFactory, QuestionnaireResponseFactory, StaffFactory, assign

# (pre, post) of the five counted enrollments: the hand-computed data set of
# test_outcomes_maths.py.
PAIRS = [(15, 9), (20, 10), (12, 11), (10, 12), (18, 8)]


def scored(enrollment, key: str, values: list, days_apart: int = 7, **score):
    """Completed responses to `key` with totals `values` (or scores given whole), in order."""
    first = timezone.now() - dt.timedelta(days=days_apart * len(values))
    for n, value in enumerate(values):
        QuestionnaireResponseFactory(
            enrollment=enrollment,
            questionnaire_key=key,
            completed_at=first + dt.timedelta(days=days_apart * n),
            score=value if isinstance(value, dict) else {"total": value, **score},
        )


def outcome_data(world, start) -> dict:
    """Five counted pairs, one enrollment with only a pre, one with nothing; training data."""
    counted = []
    for pre, post in PAIRS:
        enrollment = start(citizen=CitizenFactory())
        scored(enrollment, "phq9", [pre, 13, post])  # the middle score is neither pre nor post
        counted.append(enrollment)
    only_pre = start(citizen=CitizenFactory())
    scored(only_pre, "phq9", [16])
    start(citizen=CitizenFactory())  # never answered
    training = start(citizen=CitizenFactory())
    training.is_training = True
    training.save(update_fields=["is_training"])
    scored(training, "phq9", [27, 0])
    # A test citizen is enrolled by a test practitioner only (docs/training.md).
    tester = assign(StaffFactory(is_training=True), world.unit, Role.PRACTITIONER)
    trainee = start(citizen=CitizenFactory(is_training=True), practitioner=tester, actor=tester)
    scored(trainee, "phq9", [27, 27])
    refresh(full=True)  # the pages and the command read the summaries
    return {"counted": counted, "only_pre": only_pre}
