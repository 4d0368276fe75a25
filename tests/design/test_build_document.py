"""build_document turns a published program tree into a document validate_document accepts."""

import json

import pytest

from stegvis.catalog.document import validate_document
from stegvis.design.models import ProgramPage, StepPage
from stegvis.design.release import ReleaseError, build_document, build_release
from tests.design.conftest import (
    add,
    document_file,
    make_program,
    own_definition,
    questionnaire,
    text,
)


def every_block(image, video, captions, audio):
    field = {"label": "Timmar sömn", "kind": "number", "choices": "", "required": True}
    choice = {"label": "Humör", "kind": "choice", "choices": "Bra\nDåligt", "required": False}
    return [
        text("<p>Välkommen</p>"),
        {"type": "info", "value": {"style": "tip", "text": "<p>Tips</p>"}},
        {"type": "image", "value": {"image": image.pk, "alt": "En bild", "caption": "Bild"}},
        {
            "type": "video",
            "value": {
                "title": "Film",
                "file": video.pk,
                "transcript": "Allt som sägs",
                "captions": captions.pk,
            },
        },
        {"type": "audio", "value": {"title": "Ljud", "file": audio.pk, "transcript": "Text"}},
        questionnaire("phq9"),
        questionnaire("", json.dumps(own_definition())),
        {"type": "homework", "value": {"prompt": "Skriv ned tre saker"}},
        {"type": "worksheet", "value": {"title": "Blad", "fields": [field, choice]}},
        {"type": "checklist", "value": {"title": "Lista", "items": ["Ett", "Två"]}},
        {
            "type": "diary",
            "value": {"title": "Sömndagbok", "fields": [field], "chart_field": "Timmar sömn"},
        },
        {
            "type": "video_meeting",
            "value": {"label": "Möte", "url": "https://meet.example/room"},
        },
        {"type": "feedback", "value": {"prompt": "Berätta hur det gick"}},
    ]


def test_a_program_with_every_block_type_builds_a_valid_document(design, image):
    video = document_file("film.mp4")
    captions = document_file("film.vtt", b"WEBVTT")
    audio = document_file("ljud.mp3")
    program, _module, _section, _step = make_program(
        design.root, blocks=every_block(image, video, captions, audio), open=True, intro="Hej"
    )
    program.reminder_inactivity_days = 5
    program.schedules = json.dumps(
        [
            {"type": "schedule", "value": {"questionnaire": "phq9", "when": "start"}},
            {
                "type": "schedule",
                "value": {"questionnaire": "gad7", "when": "every_n_days", "days": 7},
            },
            {"type": "schedule", "value": {"questionnaire": "somn", "when": "before_module"}},
        ]
    )
    program.flag_rules = json.dumps(
        [
            {
                "type": "flag",
                "value": {"questionnaire": "phq9", "alert_level": "prioritised", "flag": "red"},
            }
        ]
    )
    program.save_revision().publish()

    built = build_release(program, (1, 0))
    parsed = validate_document(built.document)

    assert parsed.program.key == "testprogram"
    assert parsed.program.open is True
    assert [b.type for b in parsed.modules[0].sections[0].steps[0].blocks] == [
        "text",
        "info",
        "image",
        "video",
        "audio",
        "questionnaire",
        "questionnaire",
        "homework",
        "worksheet",
        "checklist",
        "diary",
        "video_meeting",
        "feedback",
    ]
    assert set(parsed.questionnaires) == {"phq9", "gad7", "somn"}
    assert parsed.reminders.inactivity_days == 5
    assert parsed.schedules[2].module == parsed.modules[0].key
    assert parsed.flags[0].flag == "red"
    assert set(built.media) == set(parsed.media) and len(built.media) == 4
    diary = parsed.modules[0].sections[0].steps[0].blocks[10]
    assert diary.chart_field == diary.fields[0].key


def test_keys_stay_the_same_between_builds(design):
    program, *_ = make_program(design.root)
    assert build_document(program, (1, 0))["modules"] == build_document(program, (1, 1))["modules"]


def test_draft_pages_are_left_out_and_named(design):
    program, _module, section, _step = make_program(design.root)
    section.add_child(instance=StepPage(title="Utkast", live=False, body="[]"))
    built = build_release(program)
    steps = built.document["modules"][0]["sections"][0]["steps"]
    assert [s["title"] for s in steps] == ["Steg 1"]
    assert "Utkast" in built.unpublished


def test_an_unpublished_program_cannot_be_built(design):
    program = ProgramPage(title="Utkast", program_key="utkast", live=False)
    design.root.add_child(instance=program)
    with pytest.raises(ReleaseError):
        build_document(program)


def test_a_schedule_for_an_unknown_questionnaire_is_a_problem(design):
    program, *_ = make_program(design.root)
    program.schedules = json.dumps(
        [{"type": "schedule", "value": {"questionnaire": "okand", "when": "start"}}]
    )
    program.save_revision().publish()
    with pytest.raises(ReleaseError) as excinfo:
        build_document(program)
    assert "okand" in str(excinfo.value)


def test_a_module_without_sections_is_a_problem(design):
    program, *_ = make_program(design.root)
    from stegvis.design.models import ModulePage

    add(program, ModulePage(title="Tom modul", opening_rule="previous_done"))
    with pytest.raises(ReleaseError) as excinfo:
        build_document(program)
    assert "Tom modul" in str(excinfo.value)


def test_links_to_design_pages_become_text_and_external_links_stay(design):
    html = '<p><a linktype="page" id="3">intern</a> och <a href="https://1177.se">1177</a></p>'
    program, *_ = make_program(design.root, blocks=[text(html)])
    block = build_document(program)["modules"][0]["sections"][0]["steps"][0]["blocks"][0]
    assert block["html"] == '<p>intern och <a href="https://1177.se">1177</a></p>'
