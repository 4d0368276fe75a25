"""`manage.py instruments import-fhir` stores a Questionnaire; its key then works with score."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from stegvis.instruments.models import StoredDefinition
from stegvis.instruments.services import InstrumentNotFound, get_definition

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args) -> dict:
    out = StringIO()
    call_command("instruments", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_it_imports_the_lhc_phq9_and_reports_what_was_left_out():
    out = run("import-fhir", str(FIXTURES / "lhc-forms-phq9-44249-1.json"))
    assert out["key"] == "44249-1-x"
    assert out["items"] == 10
    assert out["recognised"] == "phq9"
    left_out = {(u["linkId"], u["feature"]) for u in out["unsupported"]}
    assert ("/39156-5", "calculatedExpression") in left_out
    row = StoredDefinition.objects.get(key="44249-1-x")
    assert row.version == "1" and row.source == "import-fhir lhc-forms-phq9-44249-1.json"


@pytest.mark.django_db
def test_the_imported_key_then_scores_like_the_built_in(tmp_path):
    run("import-fhir", str(FIXTURES / "lhc-forms-phq9-44249-1.json"))
    links = [
        "/44250-9",
        "/44255-8",
        "/44259-0",
        "/44254-1",
        "/44251-7",
        "/44258-2",
        "/44252-5",
        "/44253-3",
        "/44260-8",
    ]
    values = [3, 3, 2, 2, 1, 1, 0, 0, 1]
    imported = tmp_path / "imported.json"
    imported.write_text(json.dumps(dict(zip(links, values, strict=True))))
    builtin = tmp_path / "builtin.json"
    builtin.write_text(json.dumps({str(i + 1): v for i, v in enumerate(values)}))
    a = run("score", "44249-1-x", str(imported))
    b = run("score", "phq9", str(builtin))
    assert (a["total"], a["band"]) == (b["total"], b["band"]) == (13, a["band"])
    assert [x["level"] for x in a["alerts"]] == ["prioritised"]


@pytest.mark.django_db
def test_importing_the_same_file_twice_is_harmless_but_a_changed_one_needs_a_new_version(
    tmp_path,
):
    path = FIXTURES / "hl7-sdc-phq9.json"
    run("import-fhir", str(path))
    run("import-fhir", str(path))
    assert StoredDefinition.objects.count() == 1
    changed = json.loads(path.read_text())
    changed["title"] = "Changed"
    other = tmp_path / "changed.json"
    other.write_text(json.dumps(changed))
    with pytest.raises(CommandError, match="already exists with other content"):
        run("import-fhir", str(other))
    changed["version"] = "0.0.2"
    other.write_text(json.dumps(changed))
    run("import-fhir", str(other))
    assert get_definition("questionnaire-sdc-profile-example-phq9").version == "0.0.2"
    assert (
        get_definition("questionnaire-sdc-profile-example-phq9", "0.0.1").title["en"] != "Changed"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{nope", "is not valid JSON"),
        ('{"resourceType": "Patient"}', "not a FHIR Questionnaire"),
        ('{"resourceType": "Questionnaire"}', "The form has no items"),
        (
            '{"resourceType": "Questionnaire", "status": "draft", "item": {"linkId": "a"}}',
            "Invalid FHIR Questionnaire",
        ),
    ],
)
def test_bad_files_are_refused_with_a_message(tmp_path, content, fragment):
    path = tmp_path / "q.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=fragment):
        run("import-fhir", str(path))
    assert not StoredDefinition.objects.exists()


@pytest.mark.django_db
def test_unknown_keys_and_versions_are_not_found():
    with pytest.raises(InstrumentNotFound):
        get_definition("nothing")
    with pytest.raises(InstrumentNotFound):
        get_definition("phq9", "0.1")
    assert get_definition("phq9", "1.0.1").key == "phq9"


@pytest.mark.django_db
def test_a_response_in_the_publishers_own_codes_scores_against_the_imported_key(tmp_path):
    run("import-fhir", str(FIXTURES / "lhc-forms-gad7-69737-5.json"))
    codes = ["LA6571-9", "LA18938-3", "LA6569-3", "LA6568-5", "LA6568-5", "LA6569-3", "LA6571-9"]
    links = ["/69725-0", "/68509-9", "/69733-4", "/69734-2", "/69735-9", "/69689-8", "/69736-7"]
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [
            {"linkId": link, "answer": [{"valueCoding": {"system": "http://loinc.org", "code": c}}]}
            for link, c in zip(links, codes, strict=True)
        ],
    }
    path = tmp_path / "qr.json"
    path.write_text(json.dumps(response))
    out = run("score", "generalized-anxiety-disorder-7-item-gad-7", str(path))
    assert (out["total"], out["band"]["code"]) == (3 + 2 + 1 + 0 + 0 + 1 + 3, "moderate")


@pytest.mark.django_db(transaction=False)
def test_a_stored_definition_is_loaded_once_per_version(django_assert_num_queries):
    run("import-fhir", str(FIXTURES / "hl7-sdc-phq9.json"))
    key = "questionnaire-sdc-profile-example-phq9"
    first = get_definition(key)
    # Queries: the latest version of the key; the definition is then taken from the cache.
    with django_assert_num_queries(1):
        assert get_definition(key) is first
