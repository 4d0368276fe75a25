"""A MINOR release may change texts and media and add at the end; anything else needs MAJOR."""

import json

import pytest
from django.core.exceptions import ValidationError

from stegvis.catalog.models import ProgramRelease
from stegvis.design.models import ModulePage, ProgramPage, SectionPage, StepPage
from stegvis.design.services import release_program
from tests.design.conftest import add, make_program, questionnaire, text


def release(design, program, level):
    return release_program(
        actor=design.publisher,
        program_page=ProgramPage.objects.get(pk=program.pk),
        level=level,
        release_notes="",
        providers=[],
    )


def republish(page, **changes):
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_changed_texts_and_a_new_step_at_the_end_are_a_minor_release(design):
    program, _module, section, step = make_program(design.root)
    release(design, program, "major")
    step = StepPage.objects.get(pk=step.pk)
    raw = json.loads(json.dumps(list(step.body.raw_data)))
    raw[0]["value"]["text"] = "<p>Ny text</p>"
    republish(step, body=json.dumps(raw), title="Nytt namn")
    add(SectionPage.objects.get(pk=section.pk), StepPage(title="Extra", body="[]"))
    assert release(design, program, "minor").version == "1.1"


@pytest.mark.parametrize(
    "change",
    ["questionnaire", "removed_step", "opening", "new_module_first", "rules"],
)
def test_changes_to_structure_questionnaires_or_rules_need_a_major_release(design, change):
    program, module, section, step = make_program(design.root)
    release(design, program, "major")
    if change == "questionnaire":
        raw = list(StepPage.objects.get(pk=step.pk).body.raw_data)
        republish(step, body=json.dumps([*raw, questionnaire("gad7")]))
    elif change == "removed_step":
        add(SectionPage.objects.get(pk=section.pk), StepPage(title="Ny", body="[]"))
        StepPage.objects.get(pk=step.pk).delete()
    elif change == "opening":
        republish(module, opening_rule="practitioner")
    elif change == "new_module_first":
        other = add(ProgramPage.objects.get(pk=program.pk), ModulePage(title="Ny modul"))
        other_section = add(other, SectionPage(title="S"))
        add(other_section, StepPage(title="St", body=json.dumps([text()])))
        other.move(ProgramPage.objects.get(pk=program.pk), pos="first-child")
    elif change == "rules":
        republish(program, reminder_inactivity_days=3)

    with pytest.raises(ValidationError) as excinfo:
        release(design, program, "minor")
    assert excinfo.value.code == "needs_major"
    assert release(design, program, "major").version == "2.0"
    assert ProgramRelease.objects.count() == 2
