"""`manage.py instruments score` prints the score as JSON, or a clear error and exit 1."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from stegvis.instruments.fhir import response_to_fhir
from stegvis.instruments.library import builtin

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, data, name="answers.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(*args) -> dict:
    out = StringIO()
    call_command("instruments", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def phq9_plain(*values) -> dict:
    return {str(i + 1): v for i, v in enumerate(values)}


@pytest.mark.django_db
def test_it_scores_plain_phq9_answers_given_as_scores(tmp_path):
    out = run("score", "phq9", write(tmp_path, phq9_plain(3, 3, 2, 2, 1, 1, 0, 0, 0)))
    assert list(out)[:4] == ["total", "band", "alerts", "index"]
    assert out["total"] == 12
    assert out["band"]["code"] == "moderate"
    assert out["alerts"] == [] and out["index"] is None


@pytest.mark.django_db
def test_it_reports_the_item_9_alert(tmp_path):
    out = run("score", "phq9", write(tmp_path, phq9_plain(0, 0, 0, 0, 0, 0, 0, 0, 1)))
    assert out["alerts"][0]["level"] == "prioritised"


@pytest.mark.django_db
def test_it_scores_madrs_s_and_gad7(tmp_path):
    madrs = run("score", "madrs-s", write(tmp_path, phq9_plain(6, 6, 6, 6, 6, 5, 0, 0, 5)))
    assert (madrs["total"], madrs["band"]["code"], len(madrs["alerts"])) == (40, "severe", 1)
    gad = run("score", "gad7", write(tmp_path, phq9_plain(1, 1, 1, 1, 1, 0, 0)))
    assert (gad["total"], gad["band"]["code"]) == (5, "mild")


@pytest.mark.django_db
def test_it_gives_the_eq5d_index_with_the_default_and_the_2020_value_set(tmp_path):
    path = write(tmp_path, {"MO": 1, "SC": 1, "UA": 1, "PD": 1, "AD": 1, "VAS": 90})
    out = run("score", "eq5d5l", path)
    assert (out["index"], out["valueSet"], out["profile"], out["vas"]) == (
        1.0,
        "sweden-2022",
        "11111",
        90,
    )
    assert run("score", "eq5d5l", path, "--value-set", "sweden-2020")["index"] == 0.9755
    worst = write(tmp_path, {"MO": 5, "SC": 5, "UA": 5, "PD": 5, "AD": 5, "VAS": 0}, "w.json")
    assert run("score", "eq5d5l", worst)["index"] == -0.314


@pytest.mark.django_db
def test_it_reads_a_fhir_questionnaire_response(tmp_path):
    phq9 = builtin("phq9")
    answers = {str(i): "1" for i in range(1, 10)}
    out = run("score", "phq9", write(tmp_path, response_to_fhir(phq9, answers)))
    assert out["total"] == 9


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("score", "nope", "{path}"), "Unknown instrument: nope"),
        (("score", "phq9", "/no/such/file.json"), "does not exist"),
        (("score", "phq9", "{broken}"), "is not valid JSON (line 1"),
        (("score", "phq9", "{bad}"), "1: Choose one of the options."),
        (("score", "phq9", "{list}"), "The answers must be an object"),
        (("score", "phq9", "{patient}"), "is a Patient, not a QuestionnaireResponse"),
        (("score", "eq5d5l", "{eq}", "--value-set", "uk"), "Value set uk does not exist"),
        (("score", "phq9", "{path}", "--value-set", "sweden-2020"), "applies only to"),
    ],
)
def test_bad_input_gives_a_clear_message(tmp_path, args, fragment):
    files = {
        "path": write(tmp_path, phq9_plain(*[0] * 9), "ok.json"),
        "broken": write(tmp_path, "{oops", "broken.json"),
        "bad": write(tmp_path, phq9_plain(4, *[0] * 8), "bad.json"),
        "list": write(tmp_path, [1, 2], "list.json"),
        "patient": write(tmp_path, {"resourceType": "Patient"}, "patient.json"),
        "eq": write(tmp_path, {"MO": 1, "SC": 1, "UA": 1, "PD": 1, "AD": 1, "VAS": 9}, "eq.json"),
    }
    args = [a.format(**files) for a in args]
    with pytest.raises(CommandError) as caught:
        call_command("instruments", *args, stdout=StringIO(), stderr=StringIO())
    message = str(caught.value)
    assert fragment in message
    assert message.split("\n")[0]  # Swedish comes first


@pytest.mark.django_db
def test_an_incomplete_response_is_scored_by_the_missing_rule_and_says_so(tmp_path):
    err = StringIO()
    out = StringIO()
    call_command("instruments", "score", "phq9", write(tmp_path, {"1": 2}), stdout=out, stderr=err)
    data = json.loads(out.getvalue())
    assert data["total"] is None and data["complete"] is False
    assert "unanswered required items: 2, 3" in err.getvalue()


@pytest.mark.slow
def test_from_the_shell_bad_input_exits_non_zero_without_a_traceback(tmp_path):
    path = write(tmp_path, "{oops")
    done = subprocess.run(
        [sys.executable, "manage.py", "instruments", "score", "phq9", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "inte giltig JSON" in done.stderr and "not valid JSON" in done.stderr
    assert done.stdout == ""
