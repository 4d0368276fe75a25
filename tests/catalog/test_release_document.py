"""The release document schema refuses what the care side could not run."""

import copy

import pytest

from stegvis.catalog.document import DocumentError, content_hash, validate_document
from tests.documents import minimal_document


def test_a_minimal_program_is_valid(document):
    parsed = validate_document(document)
    assert str(parsed.version) == "1.0"
    assert [s.key for _, _, s in parsed.steps()] == ["st1"]


def test_the_hash_is_stable_and_order_independent(document):
    parsed = validate_document(document).to_json()
    shuffled = dict(reversed(list(parsed.items())))
    assert content_hash(parsed) == content_hash(shuffled)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schema="stegvis-program/9"), "unsupported schema"),
        (lambda d: d["modules"].clear(), "modules"),
        (lambda d: d["program"].update(key="Bad Key"), "program.key"),
        (lambda d: d.update(questionnaires={}), "questionnaire phq9"),
        (
            lambda d: d["modules"][0]["sections"][0]["steps"][0]["blocks"].append(
                {"type": "image", "media": "x.png", "alt": "Bild"}
            ),
            "media x.png",
        ),
        (
            lambda d: d["modules"][0]["sections"][0]["steps"][0]["blocks"].append(
                {"type": "image", "media": "x.png"}
            ),
            "alt",
        ),
        (lambda d: d["modules"][0].update(opening={"rule": "days_after_start"}), "needs days"),
        (lambda d: d["modules"][0].update(opening={"rule": "previous_done"}), "first module"),
        (lambda d: d["schedules"].append({"questionnaire": "gad7", "when": "start"}), "gad7"),
        (lambda d: d.update(extra_field=1), "extra_field"),
        (lambda d: d["questionnaires"]["phq9"].update(items=[]), "questionnaire phq9"),
    ],
)
def test_broken_documents_are_refused_with_the_path(document, change, message):
    broken = copy.deepcopy(document)
    change(broken)
    with pytest.raises(DocumentError) as excinfo:
        validate_document(broken)
    assert message in str(excinfo.value)


def test_duplicate_step_keys_are_refused():
    document = minimal_document()
    module = copy.deepcopy(document["modules"][0])
    module["key"] = "m2"
    document["modules"].append(module)
    with pytest.raises(DocumentError, match="step keys"):
        validate_document(document)
