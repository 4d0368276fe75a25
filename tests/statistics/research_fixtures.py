"""Data for the research export's tests: enrollments with answers, a training one, a key.

Imported by the test modules that use them (not a conftest, which the other statistics tests
would share).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from stegvis.care.models import Enrollment
from stegvis.instruments.definition import load_definition
from stegvis.instruments.services import get_definition, store_definition
from stegvis.organisation.models import Role
from stegvis.statistics.research.services import ExportRequest, create_research_export
from tests.factories import CitizenFactory, QuestionnaireResponseFactory, StaffFactory, assign
from tests.record_factories import ResearchExportAuthorisationFactory

FREE_TEXT = "Min granne Sixten Sparre vet allt"
NOTES = {
    "key": "research-notes",
    "version": "1",
    "title": {"sv": "Anteckningar", "en": "Notes"},
    "items": [
        {"linkId": "mood", "type": "integer", "text": {"sv": "Humör", "en": "Mood"}},
        {"linkId": "note", "type": "text", "text": {"sv": "Berätta", "en": "Tell"}},
        {"linkId": "when", "type": "date", "text": {"sv": "När", "en": "When"}},
    ],
}


def answer(enrollment: Enrollment, *, days: int, total: int, occasion: str):
    phq9 = get_definition("phq9")
    return QuestionnaireResponseFactory(
        enrollment=enrollment,
        questionnaire_key="phq9",
        definition_version=phq9.version,
        occasion=occasion,
        answers={"1": "2", "2": "1"},
        score={"total": total, "band": {"code": "mild"}},
        completed_at=timezone.now() + timedelta(days=days),
        due_at=timezone.now() + timedelta(days=days + 1),
    )


@pytest.fixture
def research_data(world, start):
    """Two citizens in the program (one with PHQ-9 twice and a free-text note), a training
    enrollment and a test citizen; all started today."""
    store_definition(load_definition(NOTES))
    first = start()
    answer(first, days=0, total=14, occasion="schedule:start:0:phq9")
    answer(first, days=0, total=6, occasion="schedule:end:0:phq9")
    QuestionnaireResponseFactory(
        enrollment=first,
        questionnaire_key="research-notes",
        definition_version="1",
        occasion="notes",
        answers={"mood": 4, "note": FREE_TEXT, "when": "1970-01-01"},
        score={"total": None},
        completed_at=timezone.now(),
    )
    second = start(citizen=world.other_citizen)
    answer(second, days=0, total=9, occasion="schedule:start:0:phq9")
    training = start(citizen=CitizenFactory(first_name="Träningsfia"))
    Enrollment.objects.filter(pk=training.pk).update(is_training=True)
    answer(training, days=0, total=27, occasion="schedule:start:0:phq9")
    test_citizen = CitizenFactory(first_name="Testtore", is_training=True)
    # A test citizen is enrolled by a test practitioner only (docs/training.md).
    tester = assign(StaffFactory(is_training=True), world.unit, Role.PRACTITIONER)
    enrolled = start(citizen=test_citizen, practitioner=tester, actor=tester)
    answer(enrolled, days=0, total=26, occasion="schedule:start:0:phq9")
    return {"first": first, "second": second, "training": training, "test": test_citizen}


def export_request(world, release, **changes) -> ExportRequest:
    today = timezone.localdate()
    values = {
        "provider": world.provider,
        "program_key": release.program_key,
        "date_from": today - timedelta(days=30),
        "date_to": today,
        "reason": "Studie X, etikprövning Dnr 2026-0001",
    }
    values.update(changes)
    return ExportRequest(**values)


def make_export(world, release, actor=None, **changes):
    return create_research_export(
        actor=actor or world.provider_admin, request=export_request(world, release, **changes)
    )


@pytest.fixture
def authorised_data_admin(world):
    ResearchExportAuthorisationFactory(
        provider=world.provider,
        unit=world.unit,
        staff=world.data_admin,
        authorised_by=world.provider_admin,
    )
    return world.data_admin
