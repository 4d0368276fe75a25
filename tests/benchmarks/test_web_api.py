"""The API pages of the web benchmark: targets, headers and reporting, without a server."""

import json

from benchmarks.web import api, report
from benchmarks.web.load import parse_stats
from benchmarks.web.queries import request_meta
from benchmarks.web.targets import FORM, request_headers
from tests.benchmarks.test_web_report import _result, _stats

SETUP = {
    "client_id": "abc",
    "secret": "s3cret",
    "code": "API-1234ABCD",
    "provider": 1,
    "search_patients": [11, 12],
    "create": [
        {
            "body": {"resourceType": "QuestionnaireResponse", "status": "completed"},
            "account": "EpisodeOfCare/7",
        }
    ],
    "open_each": 300,
}


def test_the_api_targets_carry_the_token_and_expect_fhir_answers():
    search, create = api.api_targets(SETUP, "tok")
    assert search["name"] == "API search" and search["method"] == "GET"
    assert search["expect"] == [200]
    assert [v["path"] for v in search["variants"]] == [
        "/fhir/QuestionnaireResponse?patient=Patient/11",
        "/fhir/QuestionnaireResponse?patient=Patient/12",
    ]
    assert search["variants"][0]["headers"]["Authorization"] == "Bearer tok"
    assert "Content-Type" not in search["variants"][0]["headers"]
    assert create["name"] == "API create (POST)" and create["method"] == "POST"
    assert create["expect"] == [201]
    variant = create["variants"][0]
    assert variant["path"] == "/fhir/QuestionnaireResponse"
    assert json.loads(variant["body"])["resourceType"] == "QuestionnaireResponse"
    assert variant["headers"]["Content-Type"] == "application/fhir+json"
    assert variant["cookies"] == {} and variant["account"] == "EpisodeOfCare/7"


def test_a_target_without_variants_is_left_out():
    targets = api.api_targets({**SETUP, "create": []}, "tok")
    assert [t["name"] for t in targets] == ["API search"]


def test_an_api_variant_sends_its_own_headers_and_a_page_a_form():
    _search, create = api.api_targets(SETUP, "tok")
    assert request_headers(create, create["variants"][0])["Content-Type"].endswith("fhir+json")
    page = {"method": "POST", "variants": [{"path": "/p/", "cookies": {}, "body": "a=1"}]}
    assert request_headers(page, page["variants"][0]) == FORM
    assert request_headers({"method": "GET"}, {"path": "/"}) is None


def test_the_query_counter_passes_the_bearer_token_and_fhir_content_type():
    _search, create = api.api_targets(SETUP, "tok")
    extra, content_type = request_meta(create["variants"][0])
    assert extra["HTTP_AUTHORIZATION"] == "Bearer tok"
    assert extra["HTTP_ACCEPT"] == "application/fhir+json"
    assert "HTTP_CONTENT_TYPE" not in extra and content_type == "application/fhir+json"
    extra, content_type = request_meta({"path": "/p/", "cookies": {}, "body": ""})
    assert extra == {"HTTP_X_REQUESTED_WITH": "fetch"}
    assert content_type == "application/x-www-form-urlencoded"


def test_locusts_row_for_an_api_page_is_read_by_its_name():
    csv_text = (
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
        "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
        "POST,API create (POST),412,3,110,120.5,40,900,2900,41.2,0.3,"
        "110,120,130,140,160,200,260,300,800,900,900\n"
    )
    stats = parse_stats(csv_text, "API create (POST)")
    assert stats["requests"] == 412 and stats["errors"] == 3 and stats["rps"] == 41.2
    assert stats["p95"] == 200.0 and stats["bytes"] == 2900.0


def test_the_api_pages_are_rows_of_the_same_table_as_the_web_pages():
    result = _result(50.0)
    rounds = [{"page": _stats(40.0, p95=150), "floor": _stats(400.0, p95=20)}]
    result["pages"]["API create (POST)"] = {
        "rounds": rounds,
        "summary": report.summarise_page(rounds),
        "queries": {"alone_ms": 30.0, "queries": 31, "bytes": 2900, "status": 201},
    }
    table = report.page_table(result).splitlines()
    assert table[1].startswith("Hantera") and table[2].startswith("API create (POST)")
    assert "10.0 %" in table[2] and " 31 " in table[2]


def test_the_header_says_when_the_api_rate_limit_was_raised():
    result = _result(50.0)
    assert "RATE_LIMIT_API" not in report.header(result)  # a run from before the API pages
    result["settings"].update(api_rate="1000000/m", api_rate_raised=True)
    assert "RATE_LIMIT_API=1000000/m (raised for the benchmark; production 600/m)" in (
        report.header(result)
    )
    result["settings"].update(api_rate="600/m", api_rate_raised=False)
    assert "RATE_LIMIT_API=600/m (the production limit)" in report.header(result)
