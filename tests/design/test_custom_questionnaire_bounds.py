"""The design tool's custom questionnaire goes through the same bounded loader: a form over
the item limit is refused with the message in the editor's language (issue 12)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from stegvis.design.blocks import parse_definition
from stegvis.instruments.definition import MAX_ITEMS


def _form(count: int) -> str:
    items = [
        {"linkId": f"q{n}", "type": "text", "text": {"sv": "Fråga", "en": "Question"}}
        for n in range(count)
    ]
    title = {"sv": "Lång", "en": "Long"}
    data = {"key": "lang", "version": "1", "title": title, "items": items}
    return json.dumps(data)


def test_a_custom_questionnaire_over_the_item_limit_is_refused_in_swedish():
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        parse_definition(_form(MAX_ITEMS + 1))
    assert f"Formuläret har fler än {MAX_ITEMS} frågor" in str(refused.value)


def test_a_custom_questionnaire_at_the_limit_is_accepted():
    assert len(parse_definition(_form(MAX_ITEMS))["items"]) == MAX_ITEMS
