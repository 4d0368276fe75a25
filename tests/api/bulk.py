"""A Bulk Data `$export` client over real HTTP: kick-off, poll, download (docs/api.md)."""

import json

import requests

from tests.api.live import FHIR_JSON, FhirClient

ASYNC = {"Accept": FHIR_JSON, "Prefer": "respond-async"}


def kickoff(fhir: FhirClient, headers=None, **params) -> requests.Response:
    params = {"_type": "QuestionnaireResponse", **params}
    auth = {"Authorization": f"Bearer {fhir.token}"} if fhir.token else {}
    return requests.get(
        f"{fhir.base}/$export",
        params=params,
        headers={**ASYNC, **auth, **(headers or {})},
        timeout=30,
    )


def call(fhir: FhirClient, url: str, method: str = "GET") -> requests.Response:
    auth = {"Authorization": f"Bearer {fhir.token}"} if fhir.token else {}
    return requests.request(method, url, headers={"Accept": FHIR_JSON, **auth}, timeout=30)


def export(fhir: FhirClient, program: str, **params) -> tuple[str, dict]:
    """Kick off and poll once (the test backend runs the task at once): (status URL, manifest)."""
    started = kickoff(fhir, program=program, **params)
    assert started.status_code == 202, started.text
    status_url = started.headers["Content-Location"]
    done = call(fhir, status_url)
    assert done.status_code == 200, done.text
    return status_url, done.json()


def lines(fhir: FhirClient, manifest: dict) -> list[dict]:
    """Every line of the manifest's QuestionnaireResponse files, as dicts."""
    rows = []
    for output in manifest["output"]:
        answer = call(fhir, output["url"])
        assert answer.status_code == 200
        assert answer.headers["Content-Type"] == "application/fhir+ndjson"
        rows += [json.loads(line) for line in answer.text.splitlines() if line]
    return rows
