"""A FHIR client over real HTTP (requests against pytest-django's live_server)."""

import requests

from tests.api.conftest import parse

FHIR_JSON = "application/fhir+json"


class FhirClient:
    def __init__(self, base: str, token: str | None = None):
        self.base = base.rstrip("/")
        self.token = token

    @classmethod
    def with_client_credentials(cls, live_server, issued, scope: str | None = None):
        data = {"grant_type": "client_credentials"}
        if scope:
            data["scope"] = scope
        answer = requests.post(
            f"{live_server.url}/oauth/token/",
            data=data,
            auth=(issued.client_id, issued.secret),
            timeout=30,
        )
        answer.raise_for_status()
        return cls(f"{live_server.url}/fhir", answer.json()["access_token"])

    def _headers(self) -> dict:
        headers = {"Accept": FHIR_JSON}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def get(self, path: str, **params):
        url = path if path.startswith("http") else f"{self.base}/{path}"
        response = requests.get(url, params=params, headers=self._headers(), timeout=30)
        return response, self._parsed(response)

    def post(self, path: str, resource: dict):
        headers = {**self._headers(), "Content-Type": FHIR_JSON}
        response = requests.post(f"{self.base}/{path}", json=resource, headers=headers, timeout=30)
        return response, self._parsed(response)

    @staticmethod
    def _parsed(response):
        """Every answer is FHIR JSON, validated by fhir.resources (a failure raises)."""
        assert response.headers["Content-Type"].startswith(FHIR_JSON), response.text[:300]
        return parse(response.json())


def entries(bundle) -> list:
    return [entry.resource for entry in bundle.entry or []]


def outcome_code(parsed) -> str:
    assert parsed.__resource_type__ == "OperationOutcome"
    return parsed.issue[0].code
