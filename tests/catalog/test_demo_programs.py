"""The demo loads the region's catalog: every program released, valid, active where it is used.

The demo is loaded once for the session (`full_demo`, tests/plugins/demo.py).
"""

import pytest
from django.core.management import call_command

from stegvis.audit.models import AccessEvent
from stegvis.catalog.document import content_hash, validate_document
from stegvis.catalog.models import ProgramAgreement, ProgramRelease, UnitActivation
from stegvis.catalog.services import active_releases
from stegvis.demo import personas
from stegvis.demo.programs import CATALOG, HOME
from stegvis.organisation.models import CareUnit


def _load():
    call_command("demo", "--quiet")


def _unit(key: str) -> CareUnit:
    return CareUnit.objects.get(hsa_id=personas.UNITS[key][1])


@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: e.key)
def test_every_demo_document_validates(entry):
    document = entry.build()
    assert validate_document(document).program.key == entry.key


def test_the_demo_releases_every_catalog_program(full_demo):
    assert ProgramRelease.objects.count() == len(CATALOG) == 18
    for release in ProgramRelease.objects.all():
        assert release.content_hash == content_hash(release.document)
        assert release.developed_by


def test_the_demo_activates_the_programs_where_they_are_used(full_demo):
    active = {
        key: set(active_releases(_unit(key)).values_list("program_key", flat=True))
        for key in personas.UNITS
    }
    assert {"depressionshjalpen", "artrosskola", "matdagboken"} <= active["rehab"]
    assert {"depressionshjalpen", "madrs-s-eq5d-ect"} <= active["psych"]
    assert {"barn-med-sprakstorning", "lara-kanna"} <= active["bup"]
    assert "tobakshjalpen" in active["jkp"]


def test_programs_developed_elsewhere_are_used_under_an_agreement(full_demo):
    for entry in CATALOG:
        release = ProgramRelease.objects.get(program_key=entry.key)
        agreements = ProgramAgreement.objects.filter(program_key=entry.key)
        if entry.owner == HOME:
            assert release.owner.code == HOME
            assert not agreements.exists()
        else:
            agreement = agreements.get()
            assert agreement.user_provider.code == HOME
            assert agreement.owner == release.owner


def test_the_full_programs_are_substantial(db):
    depression = validate_document(
        next(e for e in CATALOG if e.key == "depressionshjalpen").build()
    )
    assert len(depression.modules) >= 4
    assert {"phq9", "madrs-s"} <= set(depression.questionnaires)
    weekly = {s.questionnaire for s in depression.schedules if s.when == "every_n_days"}
    assert weekly == {"phq9", "madrs-s"}
    assert any(f.alert_level == "prioritised" and f.flag == "red" for f in depression.flags)
    kinds = {b.type for _, _, step in depression.steps() for b in step.blocks}
    assert {"homework", "worksheet", "feedback", "questionnaire", "diary"} <= kinds
    artros = validate_document(next(e for e in CATALOG if e.key == "artrosskola").build())
    media_blocks = [
        b for _, _, s in artros.steps() for b in s.blocks if b.type in ("video", "audio")
    ]
    assert media_blocks and all(b.media == "" and b.transcript for b in media_blocks)
    diaries = [b for _, _, s in artros.steps() for b in s.blocks if b.type == "diary"]
    assert diaries[0].chart_field == "smarta"


def test_loading_the_demo_twice_changes_nothing(full_demo):
    counts = (
        ProgramRelease.objects.count(),
        UnitActivation.objects.count(),
        ProgramAgreement.objects.count(),
        AccessEvent.objects.count(),
    )
    _load()
    assert (
        ProgramRelease.objects.count(),
        UnitActivation.objects.count(),
        ProgramAgreement.objects.count(),
        AccessEvent.objects.count(),
    ) == counts
