"""A release is checked once, when it is made; pages parse it without checking it again, and
a questionnaire or document over the bounds is refused with a clear message (issue 12: a
10,000-item questionnaire took 60 s to import and 16 s on every view)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.care.services.program import document_of
from stegvis.catalog import document as release_document_module
from stegvis.catalog import services
from stegvis.catalog.parsed import forget_parsed, release_document
from stegvis.instruments import definition as definition_module
from stegvis.instruments.compiled import compiled
from stegvis.instruments.definition import MAX_ITEMS, DefinitionError, load_definition
from tests.documents import minimal_document


def _questionnaire(count: int, *, chained: bool = False) -> dict:
    items = []
    for n in range(count):
        item = {
            "linkId": f"q{n}",
            "type": "choice",
            "text": {"sv": f"Fråga {n}", "en": f"Question {n}"},
            "options": [
                {"code": "0", "label": {"sv": "Nej", "en": "No"}, "score": 0},
                {"code": "1", "label": {"sv": "Ja", "en": "Yes"}, "score": 1},
            ],
        }
        if chained and n:
            item["enableWhen"] = [{"item": f"q{n - 1}", "operator": "=", "value": "1"}]
        items.append(item)
    return {
        "schema": "stegvis-instrument/1",
        "key": "lang",
        "version": "1",
        "title": {"sv": "Långt formulär", "en": "Long form"},
        "items": items,
        "scoring": {
            "total": {
                "id": "total",
                "label": {"sv": "Summa", "en": "Total"},
                "items": [f"q{n}" for n in range(count)],
            }
        },
    }


def _document_with(questionnaire: dict) -> dict:
    document = minimal_document()
    document["questionnaires"]["lang"] = questionnaire
    return document


@pytest.fixture
def loads(monkeypatch):
    """Count calls of load_definition (the full check of a questionnaire)."""
    calls = []
    real = definition_module.load_definition

    def counting(data):
        calls.append(data.get("key") if isinstance(data, dict) else None)
        return real(data)

    monkeypatch.setattr(definition_module, "load_definition", counting)
    return calls


def test_pages_of_a_stored_release_do_not_check_it_again(world, login, loads):
    release = services.create_release(
        actor=None, owner=world.provider, document=_document_with(_questionnaire(50))
    )
    assert loads  # checked once, when released
    loads.clear()
    forget_parsed()
    response = login(world.provider_admin).get(reverse("clinic:catalog_release", args=[release.pk]))
    assert response.status_code == 200
    assert "lang" in release_document(release).questionnaires
    document_of(release)
    assert loads == []


def test_the_largest_allowed_questionnaire_is_released_and_compiled(world):
    questionnaire = _questionnaire(MAX_ITEMS, chained=True)
    release = services.create_release(
        actor=None, owner=world.provider, document=_document_with(questionnaire)
    )
    definition = load_definition(release.document["questionnaires"]["lang"])
    assert len(compiled(definition).items) == MAX_ITEMS
    assert definition.item(f"q{MAX_ITEMS - 1}").link_id == f"q{MAX_ITEMS - 1}"


def test_a_questionnaire_over_the_item_limit_is_refused_with_a_message(world):
    with pytest.raises(ValidationError) as refused:
        services.create_release(
            actor=None, owner=world.provider, document=_document_with(_questionnaire(10_000))
        )
    assert f"more than {MAX_ITEMS} items" in str(refused.value)
    with pytest.raises(DefinitionError) as problems:
        load_definition(_questionnaire(MAX_ITEMS + 1))
    assert (
        problems.value.problems[0]
        .message["sv"]
        .startswith(f"Formuläret har fler än {MAX_ITEMS} frågor")
    )


def test_groups_nested_too_deep_are_refused_not_a_crash():
    leaf = {"linkId": "x", "type": "text", "text": {"sv": "X", "en": "X"}}
    for depth in range(200):
        leaf = {
            "linkId": f"g{depth}",
            "type": "group",
            "text": {"sv": "G", "en": "G"},
            "items": [leaf],
        }
    data = {**_questionnaire(1), "items": [leaf], "scoring": None}
    with pytest.raises(DefinitionError) as problems:
        load_definition(data)
    assert problems.value.problems[0].rule == "items-limit"


def test_a_long_chain_of_conditions_does_not_overflow_the_stack():
    # Within the item bound, but far deeper than Python's recursion limit would allow if the
    # cycle check recursed once per link... with a cycle closing it.
    data = _questionnaire(MAX_ITEMS, chained=True)
    data["items"][0]["enableWhen"] = [{"item": f"q{MAX_ITEMS - 1}", "operator": "=", "value": "1"}]
    with pytest.raises(DefinitionError) as problems:
        load_definition(data)
    assert any(p.rule == "enableWhen-cycle" for p in problems.value.problems)


def test_a_document_over_the_size_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr(release_document_module, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(ValidationError) as refused:
        services.create_release(actor=None, owner=world.provider, document=minimal_document())
    assert "larger than" in str(refused.value)
