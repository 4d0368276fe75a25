"""Step blocks refuse what the release document would refuse, with messages a designer can use."""

import json

import pytest
from django.utils import translation
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from stegvis.design.blocks import (
    DiaryBlock,
    FieldBlock,
    ImageBlock,
    QuestionnaireBlock,
    VideoBlock,
    VideoMeetingBlock,
)
from tests.design.conftest import document_file, own_definition


def errors_of(block, raw):
    with pytest.raises((StructBlockValidationError, StreamBlockValidationError)) as excinfo:
        block.clean(block.to_python(raw))
    return {name: " ".join(e.messages) for name, e in excinfo.value.block_errors.items()}


def test_an_image_needs_alt_text(design, image):
    errors = errors_of(ImageBlock(), {"image": image.pk, "alt": "", "caption": ""})
    assert "alt" in errors


def test_an_image_with_alt_text_is_accepted(design, image):
    block = ImageBlock()
    value = block.clean(block.to_python({"image": image.pk, "alt": "En bild", "caption": ""}))
    assert value["alt"] == "En bild"


def test_a_video_needs_a_transcript_and_an_mp4_file(design):
    block = VideoBlock()
    assert "transcript" in errors_of(
        block, {"title": "Film", "file": document_file("a.mp4").pk, "transcript": ""}
    )
    assert "file" in errors_of(
        block, {"title": "Film", "file": document_file("a.pdf").pk, "transcript": "Text"}
    )


def test_captions_must_be_webvtt(design):
    errors = errors_of(
        VideoBlock(),
        {
            "title": "Film",
            "file": document_file("a.mp4").pk,
            "transcript": "Text",
            "captions": document_file("b.mp3").pk,
        },
    )
    assert "captions" in errors


def test_a_questionnaire_is_built_in_or_own_but_not_both(db):
    block = QuestionnaireBlock()
    assert "builtin" in errors_of(block, {"builtin": "", "definition": ""})
    assert "builtin" in errors_of(
        block, {"builtin": "phq9", "definition": json.dumps(own_definition())}
    )
    assert block.clean(block.to_python({"builtin": "gad7", "definition": ""}))["builtin"] == "gad7"


def test_bad_questionnaire_json_says_where(db):
    errors = errors_of(QuestionnaireBlock(), {"builtin": "", "definition": "{not json"})
    assert "JSON" in errors["definition"]


def test_a_broken_definition_gives_the_instrument_engines_message_in_swedish(db):
    definition = own_definition()
    definition["items"] = []
    with translation.override("sv"):
        errors = errors_of(
            QuestionnaireBlock(), {"builtin": "", "definition": json.dumps(definition)}
        )
    assert "Formuläret har inga frågor." in errors["definition"]


def test_a_broken_definition_gives_the_engines_message_in_english(db):
    definition = own_definition()
    definition["items"] = []
    with translation.override("en"):
        errors = errors_of(
            QuestionnaireBlock(), {"builtin": "", "definition": json.dumps(definition)}
        )
    assert "The form has no items." in errors["definition"]


def test_an_own_questionnaire_may_not_take_a_built_in_key(db):
    errors = errors_of(
        QuestionnaireBlock(), {"builtin": "", "definition": json.dumps(own_definition("phq9"))}
    )
    assert "phq9" in errors["definition"]


def test_a_valid_own_questionnaire_is_accepted(db):
    block = QuestionnaireBlock()
    raw = {"builtin": "", "definition": json.dumps(own_definition())}
    assert block.clean(block.to_python(raw))["definition"]


def test_a_choice_field_needs_choices_and_others_take_none(db):
    block = FieldBlock()
    base = {"label": "Humör", "required": False}
    assert "choices" in errors_of(block, {**base, "kind": "choice", "choices": ""})
    assert "choices" in errors_of(block, {**base, "kind": "text", "choices": "a\nb"})


def test_a_diary_chart_field_must_be_one_of_its_number_fields(db):
    field = {"label": "Timmar", "kind": "number", "choices": "", "required": False}
    errors = errors_of(DiaryBlock(), {"title": "Sömn", "fields": [field], "chart_field": "Annat"})
    assert "chart_field" in errors


def test_a_video_meeting_link_must_use_https(db):
    errors = errors_of(VideoMeetingBlock(), {"label": "Möte", "url": "http://meet.example/x"})
    assert "url" in errors
