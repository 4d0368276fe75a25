"""The web benchmark's parsing and reporting, on fixture data: no server, nothing timed."""

import json
from pathlib import Path

import pytest

from benchmarks.web import report
from benchmarks.web.load import parse_failures, parse_stats, summarise_lock_samples
from benchmarks.web.manifest import accounts_for_run, read_manifest
from benchmarks.web.signin import form_fields, totp_code, workplace_choice
from benchmarks.web.targets import enrollment_paths

FIXTURES = Path(__file__).with_name("fixtures")


def _stats(rps: float, p95: float = 100.0, errors: int = 0) -> dict:
    return {
        "requests": int(rps * 10),
        "errors": errors,
        "rps": rps,
        "p50": p95 / 2,
        "p95": p95,
        "p99": p95 * 1.5,
        "mean_ms": p95 / 2,
        "bytes": 2048.0,
        "failures": [],
    }


def _result(hantera_rps: float) -> dict:
    rounds = [
        {"page": _stats(hantera_rps), "floor": _stats(400.0, p95=20)},
        {"page": _stats(hantera_rps * 2), "floor": _stats(800.0, p95=10)},
        {"page": _stats(hantera_rps), "floor": _stats(400.0, p95=20)},
    ]
    return {
        "started_at": "2026-12-02T09:00:00+00:00",
        "settings": {
            "commit": "abc1234",
            "database": "postgres://postgres@127.0.0.1:5432/stegvis_bench",
            "data": {"source": "demo", "enrollments": 4},
            "server": "gunicorn, 2 sync workers, production settings",
            "users": 20,
            "seconds": 10,
            "rounds": 3,
            "accounts": {"staff": 5, "citizens": 3},
            "message_rate": "100000/m",
            "message_rate_raised": True,
        },
        "pages": {
            "Hantera": {
                "rounds": rounds,
                "summary": report.summarise_page(rounds),
                "queries": {"alone_ms": 101.5, "queries": 28, "bytes": 85782, "status": 200},
            }
        },
        "concurrency": [],
    }


def test_locust_statistics_are_read_by_the_target_name():
    stats = parse_stats((FIXTURES / "locust_stats.csv").read_text(), "Hantera")

    assert stats == {
        "requests": 412,
        "errors": 3,
        "rps": 41.2,
        "p50": 180.0,
        "p95": 420.0,
        "p99": 700.0,
        "mean_ms": 201.5,
        "bytes": 77375.7,
    }


def test_a_target_absent_from_the_statistics_made_no_requests():
    stats = parse_stats((FIXTURES / "locust_stats.csv").read_text(), "Mina")

    assert stats["requests"] == 0
    assert stats["rps"] == 0.0


def test_failures_are_listed_with_how_often_they_happened():
    failures = parse_failures((FIXTURES / "locust_failures.csv").read_text())

    assert failures == ["HTTP 500 ×2", "sent to sign in ×1"]


def test_a_page_is_summarised_as_medians_with_its_share_of_its_own_rounds_floor():
    summary = _result(hantera_rps=10.0)["pages"]["Hantera"]["summary"]

    assert summary["rps"] == 10.0
    assert summary["floor_rps"] == 400.0
    # Each round's own ratio: 10/400, 20/800, 10/400.
    assert summary["ratio"] == pytest.approx(0.025)
    assert summary["errors"] == 0
    assert summary["requests"] == 400


def test_the_table_shows_each_page_with_its_queries_and_share_of_the_floor():
    result = _result(hantera_rps=10.0)

    table = report.page_table(result)
    header = report.header(result)

    assert table.splitlines()[0].split()[:2] == ["page", "req/s"]
    hantera = table.splitlines()[1].split()
    assert hantera[0] == "Hantera"
    assert hantera[1] == "10.0"
    assert "28" in hantera
    assert "101.5" in hantera
    assert hantera[-3:] == ["2.5", "%", "–"]  # no signed-in floor in this run
    assert "RATE_LIMIT_MESSAGES=100000/m (raised for the benchmark" in header


def test_each_page_is_also_a_share_of_the_signed_in_floor():
    result = _result(hantera_rps=10.0)
    signed_rounds = [
        {"page": _stats(100.0), "floor": _stats(400.0, p95=20)},
        {"page": _stats(200.0), "floor": _stats(800.0, p95=10)},
        {"page": _stats(100.0), "floor": _stats(400.0, p95=20)},
    ]
    signed = {"rounds": signed_rounds, "summary": report.summarise_page(signed_rounds)}
    result["pages"] = {report.SIGNED_IN_FLOOR: signed, **result["pages"]}

    lines = report.page_table(result).splitlines()

    # Hantera has 2.5 % of the floor, the signed-in floor 25 %: a tenth of what it could reach.
    assert lines[1].startswith("signed-in floor") and lines[1].split()[-2:] == ["100.0", "%"]
    assert lines[2].split()[-4:] == ["2.5", "%", "10.0", "%"]


def test_comparing_two_runs_prints_each_pages_speedup():
    before, after = _result(hantera_rps=10.0), _result(hantera_rps=25.0)

    lines = report.compare(before, after).splitlines()

    hantera = next(line for line in lines if line.startswith("Hantera"))
    assert "2.50×" in hantera
    assert "2.5 % →   6.2 %" in hantera


def test_a_run_written_to_json_reads_back_the_same(tmp_path):
    result = _result(hantera_rps=10.0)

    path = report.write_result(result, tmp_path)

    assert path.name == "web-20261202T090000.json"
    assert report.read_result(path) == result


def test_lock_samples_are_summarised_as_mean_and_maximum():
    summary = summarise_lock_samples([(0, 0, 1, 2, 5), (2, 2, 0, 0, 7)])

    assert summary["samples"] == 2
    assert summary["lock"] == {"mean": 1.0, "max": 2}
    assert summary["idle_in_transaction"] == {"mean": 1.0, "max": 2}


def test_concurrency_table_shows_scaling_over_one_user():
    locks = summarise_lock_samples([(1, 1, 0, 0, 3)])
    runs = [
        {"users": 1, "stats": _stats(5.0), "locks": locks},
        {"users": 10, "stats": _stats(20.0), "locks": locks},
    ]

    lines = report.concurrency_table(runs).splitlines()

    assert lines[2].split()[:3] == ["10", "20.0", "4.00"]


def test_the_totp_code_is_rfc_6238s():
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082, of which an app shows the last 6 digits.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"

    assert totp_code(secret, at=59) == "287082"


def test_a_form_is_posted_as_a_browser_would():
    html = """<form id="f" action="/save/"><input type="hidden" name="csrfmiddlewaretoken"
    value="t"><input name="a" value="1"><input type="checkbox" name="c" value="x">
    <input type="checkbox" name="c" value="y" checked><textarea name="note">hej</textarea>
    <select name="s"><option value="1">1</option><option value="2" selected>2</option></select>
    <button type="submit" name="action" value="next">Nästa</button></form>"""

    action, fields = form_fields(html, form_id="f")

    assert action == "/save/"
    assert fields == {
        "csrfmiddlewaretoken": ["t"],
        "a": ["1"],
        "c": ["y"],
        "note": ["hej"],
        "s": ["2"],
    }


def test_hantera_links_are_found_once_each_on_a_list_page():
    html = (
        '<a href="/clinic/care/7/">A</a><a href="/clinic/care/7/">A</a><a href="/clinic/care/all/">'
    )

    assert enrollment_paths(html + '<a href="/clinic/care/9/">B</a>') == [
        "/clinic/care/7/",
        "/clinic/care/9/",
    ]


def test_a_manifest_entry_without_a_password_is_an_error(tmp_path):
    manifest = {
        "staff": [{"email": "a@x", "totp_secret": "JBSWY3DP", "unit_id": 1}],
        "citizens": [{"email": "b@x", "password": "p", "enrollment_id": 1, "step_url": "/"}],
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))

    with pytest.raises(ValueError, match=r"staff\[0\] lacks password"):
        read_manifest(path)


def test_only_practitioners_sign_in_for_the_staff_pages():
    manifest = {
        "staff": [
            {"email": "access@x", "roles": ["access_admin"]},
            {"email": "p1@x", "roles": ["practitioner", "citizen_admin"]},
            {"email": "p2@x", "roles": ["practitioner"]},
        ],
        "citizens": [{"email": "c1@x"}, {"email": "c2@x"}],
    }

    staff, citizens = accounts_for_run(manifest, accounts=1)

    assert [member["email"] for member in staff] == ["p1@x"]
    assert [citizen["email"] for citizen in citizens] == ["c1@x"]


def test_the_first_provider_admin_signs_in_for_the_provider_wide_statistics():
    manifest = {
        "staff": [{"email": "p1@x", "roles": ["practitioner", "data_admin"], "unit_id": 3}],
        "provider_admins": [
            {"email": "vga1@x", "roles": ["provider_admin"], "provider_id": 1},
            {"email": "vga2@x", "roles": ["provider_admin"], "provider_id": 2},
        ],
        "citizens": [],
    }

    staff, _citizens = accounts_for_run(manifest, accounts=5)

    assert [member["email"] for member in staff] == ["p1@x", "vga1@x"]
    assert [workplace_choice(member) for member in staff] == ["unit:3", "provider:1"]
