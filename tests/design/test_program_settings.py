"""Program and module settings refuse combinations a release could not use."""

import pytest
from django.core.exceptions import ValidationError

from stegvis.design.models import ModulePage, ProgramPage
from stegvis.design.services import release_program
from tests.design.conftest import make_program


def test_an_open_program_needs_an_introduction(design):
    program, *_ = make_program(design.root)
    program.open = True
    program.intro = ""
    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()
    assert "intro" in excinfo.value.message_dict


def test_the_program_key_is_checked_and_locked_after_the_first_release(design):
    program, *_ = make_program(design.root)
    program.program_key = "Inte OK"
    with pytest.raises(ValidationError):
        program.full_clean()
    release_program(
        actor=design.publisher,
        program_page=program,
        level="major",
        release_notes="",
        providers=[],
    )
    program = ProgramPage.objects.get(pk=program.pk)
    program.program_key = "nytt-namn"
    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()
    assert "program_key" in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("rule", "missing"), [("days_after_start", "opening_days"), ("date", "opening_date")]
)
def test_a_module_opening_rule_needs_its_parameter(design, rule, missing):
    _program, module, *_ = make_program(design.root)
    module = ModulePage.objects.get(pk=module.pk)
    module.opening_rule = rule
    with pytest.raises(ValidationError) as excinfo:
        module.full_clean()
    assert missing in excinfo.value.message_dict


def test_two_programs_of_a_provider_cannot_share_a_key(design, login):
    make_program(design.root)
    client = login(design.designer)
    from django.urls import reverse

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["design", "programpage", design.root.pk]),
        {
            "title": "Kopia",
            "slug": "kopia",
            "program_key": "testprogram",
            "mode": "practitioner_led",
            "schedules-count": "0",
            "flag_rules-count": "0",
        },
    )
    assert response.status_code == 200
    assert "program_key" in response.context["form"].errors
    assert ProgramPage.objects.filter(program_key="testprogram").count() == 1
