"""The FHIR API's pages in bench-web: QuestionnaireResponse search and create, with a token.

Setup runs in the server's environment, as the query counter does:

    python -m benchmarks.web.api MANIFEST.json OUT.json [--open N] [--patients K]

It creates a system client (client credentials, `system/*.read` and
`system/QuestionnaireResponse.write`, every unit) of the provider of the manifest's first
citizens, with its provider admin as the actor, and writes the client's id and secret and what
the two pages need:

- **API search**: `GET /fhir/QuestionnaireResponse?patient=Patient/<id>` for the manifest's
  signed-in citizens (the web pages' own citizens) that the client reaches;
- **API create (POST)**: a completed answer posted for other enrollments of the provider (not
  the search's, so the search does not see the open rows this adds), each given `N` open
  scheduled questionnaires (`schedule:bench-api:<run>:<n>:<key>`) of a questionnaire it has
  already answered, with those answers. A POST names the enrollment (`episode-of-care`) and
  completes its earliest open one, so every request is a real create: answers checked, scored,
  flags, history, access event.

The runner then gets a token from `/oauth/token/` over HTTP (as a client would) and builds the
two targets (`api_targets`), which the locustfile and the query counter send with the
`Authorization` header the variant carries.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path

import requests

FHIR_JSON = "application/fhir+json"
SEARCH, CREATE = "API search", "API create (POST)"
SCOPES = ["system/*.read", "system/QuestionnaireResponse.write"]


def token(base: str, setup: dict) -> str:
    """A client-credentials token from the server's token endpoint."""
    answer = requests.post(
        f"{base}/oauth/token/",
        data={"grant_type": "client_credentials", "scope": " ".join(SCOPES)},
        auth=(setup["client_id"], setup["secret"]),
        timeout=60,
    )
    answer.raise_for_status()
    return answer.json()["access_token"]


def _variant(path: str, headers: dict, body: str = "", account: str = "") -> dict:
    return {"path": path, "cookies": {}, "headers": headers, "body": body, "account": account}


def api_targets(setup: dict, access_token: str) -> list[dict]:
    """The search and create targets, one variant per patient (search) or enrollment (create)."""
    read = {"Authorization": f"Bearer {access_token}", "Accept": FHIR_JSON}
    write = {**read, "Content-Type": FHIR_JSON}
    search = [
        _variant(f"/fhir/QuestionnaireResponse?patient=Patient/{pk}", read, account=f"Patient/{pk}")
        for pk in setup["search_patients"]
    ]
    create = [
        _variant("/fhir/QuestionnaireResponse", write, json.dumps(item["body"]), item["account"])
        for item in setup["create"]
    ]
    targets = [
        {"name": SEARCH, "method": "GET", "expect": [200], "variants": search},
        {"name": CREATE, "method": "POST", "expect": [201], "variants": create},
    ]
    return [t for t in targets if t["variants"]]


# --- Setup, in the server's environment (Django) ------------------------------------------


def _provider_and_search(manifest: dict, patients: int):
    from stegvis.care.models import Enrollment

    ids = [c["enrollment_id"] for c in manifest.get("citizens", []) if c.get("enrollment_id")]
    enrollments = list(Enrollment.objects.filter(pk__in=ids).select_related("unit__provider"))
    if not enrollments:
        raise SystemExit("bench-web API: the manifest names no enrollment.")
    provider = enrollments[0].unit.provider
    citizens = [e.citizen_id for e in enrollments if e.unit.provider_id == provider.pk]
    return provider, list(dict.fromkeys(citizens))[:patients]


def _client(provider) -> dict:
    from stegvis.api import services
    from stegvis.api.models import ApiClient
    from stegvis.organisation.models import Role, RoleGrant

    grant = RoleGrant.objects.active().filter(role=Role.PROVIDER_ADMIN, provider=provider).first()
    if grant is None:
        raise SystemExit(f"bench-web API: {provider} has no provider admin to create a client.")
    issued = services.create_client(
        actor=grant.staff,
        provider=provider,
        name="bench-web",
        kind=ApiClient.Kind.SYSTEM,
        scopes=SCOPES,
    )
    return {"client_id": issued.client_id, "secret": issued.secret, "code": issued.client.code}


def _create_body(response, definition) -> dict:
    from stegvis.api.fhir.questionnaire_response import EPISODE_EXTENSION
    from stegvis.instruments.fhir import response_to_fhir

    enrollment = response.enrollment
    body = response_to_fhir(definition, response.answers)
    body.pop("id", None)
    body.update(
        status="completed",
        subject={"reference": f"Patient/{enrollment.citizen_id}"},
        extension=[
            {
                "url": EPISODE_EXTENSION,
                "valueReference": {"reference": f"EpisodeOfCare/{enrollment.pk}"},
            }
        ],
    )
    return body


def _creates(provider, skip: list[int], count: int, open_each: int) -> list[dict]:
    """Bodies for `count` enrollments, each with `open_each` open questionnaires to complete.

    The enrollments are of other citizens than `skip` (the search's), so the search's results
    stay what the data set made.
    """
    from django.utils import timezone

    from stegvis.care.models import Phase, QuestionnaireResponse
    from stegvis.catalog.parsed import release_document

    answered = (
        QuestionnaireResponse.objects.filter(
            enrollment__unit__provider=provider,
            completed_at__isnull=False,
            due_at__isnull=False,
        )
        .exclude(enrollment__citizen_id__in=skip)
        .exclude(enrollment__phase=Phase.CLOSED)
        .select_related("enrollment__release")
        .order_by("enrollment_id", "pk")
        .distinct("enrollment_id")[:count]
    )
    run, now, rows, creates = secrets.token_hex(3), timezone.now(), [], []
    for response in answered:
        key = response.questionnaire_key
        definition = release_document(response.enrollment.release).questionnaire_definition(key)
        creates.append(
            {
                "body": _create_body(response, definition),
                "account": f"EpisodeOfCare/{response.enrollment_id}",
            }
        )
        rows += [
            QuestionnaireResponse(
                enrollment_id=response.enrollment_id,
                questionnaire_key=key,
                occasion=f"schedule:bench-api:{run}:{n}:{key}",
                definition_version="",
                due_at=now,
            )
            for n in range(open_each)
        ]
    QuestionnaireResponse.objects.bulk_create(rows, batch_size=1000)
    return creates


def setup(manifest: dict, *, patients: int, open_each: int) -> dict:
    provider, search_patients = _provider_and_search(manifest, patients)
    return {
        **_client(provider),
        "provider": provider.pk,
        "search_patients": search_patients,
        "create": _creates(provider, search_patients, patients, open_each),
        "open_each": open_each,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web.api")
    parser.add_argument("manifest", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--patients", type=int, default=20)
    parser.add_argument("--open", type=int, default=300, dest="open_each")
    args = parser.parse_args(argv)
    import django

    django.setup()
    manifest = json.loads(args.manifest.read_text())
    made = setup(manifest, patients=args.patients, open_each=args.open_each)
    args.out.write_text(json.dumps(made))


if __name__ == "__main__":
    main(sys.argv[1:])
