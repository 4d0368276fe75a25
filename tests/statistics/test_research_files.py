"""What a research export's files hold: pseudonyms, no identity, no training data, a codebook."""
# ruff: noqa: F811  (the fixtures imported from research_fixtures are used as arguments)

import csv
import io
import json
import re
import zipfile
from datetime import date

from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from stegvis.statistics.research.archive import export_files, zip_chunks
from stegvis.statistics.research.pseudonyms import Pseudonymiser, age_band, sex
from stegvis.statistics.research.tables import TABLES, exportable_answers
from tests.statistics.research_fixtures import (  # noqa: F401  (fixtures)
    FREE_TEXT,
    make_export,
    research_data,
)


def unpack(export, key) -> dict[str, str]:
    data = b"".join(zip_chunks(export_files(export, key), prefix="uttag"))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    return {name.split("/", 1)[1]: archive.read(name).decode() for name in archive.namelist()}


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_zip_holds_every_file(world, release, research_data):
    files = unpack(*make_export(world, release))
    assert set(files) == {
        "README.txt",
        "codebook.csv",
        "enrollments.csv",
        "responses.csv",
        "items.csv",
        "questionnaire_responses.ndjson",
    }


def test_pseudonyms_are_stable_within_an_export_and_differ_across_exports(
    world, release, research_data
):
    first, first_key = make_export(world, release)
    second, second_key = make_export(world, release)
    files = unpack(first, first_key)
    citizen = Pseudonymiser(first_key).citizen(world.citizen.pk)
    enrollments = rows(files["enrollments.csv"])
    assert [r["citizen"] for r in enrollments].count(citizen) == 1
    assert {r["citizen"] for r in rows(files["responses.csv"]) if r["questionnaire"] == "phq9"} == {
        citizen,
        Pseudonymiser(first_key).citizen(world.other_citizen.pk),
    }
    assert citizen in files["questionnaire_responses.ndjson"]
    other = unpack(second, second_key)
    assert citizen not in "".join(other.values())
    assert Pseudonymiser(second_key).citizen(world.citizen.pk) in other["enrollments.csv"]
    assert first.key_fingerprint != second.key_fingerprint


def test_nothing_identifying_is_in_any_file(world, release, research_data):
    export, key = make_export(world, release)
    data = b"".join(zip_chunks(export_files(export, key), prefix="uttag"))
    text = "".join(unpack(export, key).values())
    for citizen in (world.citizen, world.other_citizen):
        for secret in (
            citizen.personnummer,
            citizen.personnummer_display,
            citizen.personnummer[2:8],
            citizen.first_name,
            citizen.last_name,
            citizen.email,
        ):
            assert secret not in text
            assert secret.encode() not in data
    assert FREE_TEXT not in text
    assert "1970-01-01" not in text  # the date answer
    assert world.practitioner.last_name not in text
    data_files = {k: v for k, v in unpack(export, key).items() if k != "README.txt"}
    assert not re.search(r"\d{4}-\d{2}-\d{2}", "".join(data_files.values())), "a calendar date"


def test_free_text_is_exported_only_when_included_with_a_reason(world, release, research_data):
    export, key = make_export(
        world, release, include_free_text=True, free_text_reason="Kvalitativ analys"
    )
    files = unpack(export, key)
    assert FREE_TEXT in files["items.csv"]
    assert FREE_TEXT in files["questionnaire_responses.ndjson"]
    assert "Kvalitativ analys" in files["README.txt"]
    assert "1970-01-01" not in "".join(files.values())


def test_training_data_is_never_exported(world, release, research_data):
    export, key = make_export(world, release)
    files = unpack(export, key)
    names = Pseudonymiser(key)
    assert export.enrollment_count == 2 and export.citizen_count == 2
    assert len(rows(files["enrollments.csv"])) == 2
    for hidden in (research_data["training"].citizen, research_data["test"]):
        assert names.citizen(hidden.pk) not in "".join(files.values())
    assert names.enrollment(research_data["training"].pk) not in files["enrollments.csv"]
    assert {r["total_score"] for r in rows(files["responses.csv"])} == {"14", "6", "9", ""}


def test_the_codebook_names_every_column_of_every_file(world, release, research_data):
    files = unpack(*make_export(world, release))
    codebook = {(r["file"], r["column"]) for r in rows(files["codebook.csv"])}
    for name in TABLES:
        header = next(csv.reader(io.StringIO(files[name])))
        assert header
        for column in header:
            assert (name, column) in codebook, f"{name}: {column}"
    assert all(r["meaning"] and r["type"] for r in rows(files["codebook.csv"]))


def test_the_readme_names_the_export_period_reason_and_key_fingerprint(
    world, release, research_data
):
    export, key = make_export(world, release)
    readme = unpack(export, key)["README.txt"]
    assert f"research export {export.pk}" in readme
    assert str(export.period_from) in readme and str(export.period_to) in readme
    assert export.reason in readme
    assert export.key_fingerprint in readme
    assert key not in readme


def test_the_enrollment_rows_give_bands_days_and_outcome(world, release, research_data):
    export, key = make_export(world, release)
    mine = next(
        r
        for r in rows(unpack(export, key)["enrollments.csv"])
        if r["citizen"] == Pseudonymiser(key).citizen(world.citizen.pk)
    )
    assert mine["unit_hsa_id"] == world.unit.hsa_id
    assert mine["program"] == release.program_key
    assert mine["outcome"] == "ongoing"
    assert mine["days_in_treatment"] == "0"
    assert mine["responses_completed"] == "3"
    assert mine["age_band"] == age_band(world.citizen.personnummer, date.today())
    assert mine["sex"] == sex(world.citizen.personnummer)


def test_every_ndjson_line_is_a_valid_fhir_response_without_dates(world, release, research_data):
    export, key = make_export(world, release)
    lines = unpack(export, key)["questionnaire_responses.ndjson"].splitlines()
    assert len(lines) == 4
    for line in lines:
        data = json.loads(line)
        QuestionnaireResponse.model_validate(data)
        assert "authored" not in data
        assert data["subject"]["identifier"]["value"].startswith("p-")
        assert data["id"].startswith("r-")


def test_age_band_and_sex_come_from_the_personnummer():
    assert age_band("199001011239", date(2026, 1, 1)) == "35-44"
    assert age_band("200901011234", date(2026, 1, 1)) == "0-17"
    assert age_band("199001611239", date(2026, 1, 1)) == "35-44"  # samordningsnummer
    assert age_band("", date(2026, 1, 1)) == "unknown"
    assert sex("199001011239") == "male"
    assert sex("199001011229") == "female"
    assert sex(None) == "unknown"


def test_answers_without_a_known_definition_keep_only_numbers():
    answers = {"1": 2, "note": "Jag heter Tolvan", "flag": True, "when": "2026-01-01"}
    assert exportable_answers(None, answers, free_text=True) == {"1": 2}


def test_free_text_and_dates_are_filtered_by_the_item_type():
    from stegvis.instruments.definition import load_definition
    from tests.statistics.research_fixtures import NOTES

    notes = load_definition(NOTES)
    answers = {"mood": 3, "note": FREE_TEXT, "when": "2026-01-01", "gone": "text"}
    assert exportable_answers(notes, answers, free_text=False) == {"mood": 3}
    assert exportable_answers(notes, answers, free_text=True) == {"mood": 3, "note": FREE_TEXT}
