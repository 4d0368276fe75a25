"""`$export` driven as a Bulk Data client drives it: kick-off, status, manifest, files.

Over HTTP with the live server; every NDJSON line is parsed (and so validated) with
fhir.resources. The test task backend runs the export as soon as the kick-off commits; the
tests of a job still queued or running keep its task from being enqueued and run it by hand.
"""

import uuid

import pytest
import requests

from stegvis.api import services
from stegvis.api.bulk import files
from stegvis.api.bulk import services as bulk
from stegvis.api.models import ApiClient, BulkExport
from stegvis.audit.models import AccessEvent
from tests.api import scenario
from tests.api.bulk import call, export, kickoff, lines
from tests.api.conftest import make_client, parse
from tests.api.live import FhirClient, outcome_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(world, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return scenario.build(world)


def _fhir(live_server, world, **kw):
    return FhirClient.with_client_credentials(live_server, make_client(world, **kw))


def test_kick_off_poll_and_download_pseudonymised_responses(live_server, world, data):
    fhir = _fhir(live_server, world, units=[world.unit])
    program = data.release.program_key
    started = kickoff(fhir, program=program)
    assert started.status_code == 202
    assert parse(started.json()).issue[0].severity == "information"
    status_url = started.headers["Content-Location"]
    assert "/fhir/$export-status/" in status_url
    done = call(fhir, status_url)
    assert done.status_code == 200
    assert done.headers["Content-Type"] == "application/json"
    manifest = done.json()
    assert manifest["requiresAccessToken"] is True
    assert manifest["request"].endswith(f"program={program}")
    assert manifest["error"] == [] and manifest["transactionTime"]
    assert [(o["type"], o["count"]) for o in manifest["output"]] == [("QuestionnaireResponse", 3)]
    rows = lines(fhir, manifest)
    # Only the client's unit: the citizen's three, not the other unit's or provider's.
    assert len(rows) == 3
    for row in rows:
        resource = parse(row)  # valid FHIR (R4B QuestionnaireResponse)
        assert resource.status == "completed"
        assert resource.subject.reference is None
        assert resource.subject.identifier.system.startswith("urn:stegvis:bulk-export:")
        assert resource.authored is None
        urls = {e.url.rsplit("-", 1)[-1] for e in resource.extension}
        assert "start" in urls  # research-days-since-start
    codebook = call(fhir, manifest["extension"]["codebook"])
    assert codebook.status_code == 200 and "days-since-start" in codebook.text


def test_no_personnummer_names_ids_or_dates_leave(live_server, world, data):
    fhir = _fhir(live_server, world)
    _url, manifest = export(fhir, data.release.program_key)
    text = "\n".join(call(fhir, o["url"]).text for o in manifest["output"])
    assert text.count("\n") == 4  # both units' four responses, one a line
    for citizen in (world.citizen, world.other_citizen):
        assert citizen.personnummer not in text
        assert citizen.last_name not in text and citizen.first_name not in text
        assert f"Patient/{citizen.pk}" not in text
    for response in data.completed:
        assert f"QuestionnaireResponse/{response.pk}" not in text
        assert response.completed_at.date().isoformat() not in text


def test_pseudonyms_are_stable_within_an_export_and_differ_across_exports(live_server, world, data):
    fhir = _fhir(live_server, world, units=[world.unit])
    _url, first = export(fhir, data.release.program_key)
    _url, second = export(fhir, data.release.program_key)
    subjects = [
        {r["subject"]["identifier"]["value"] for r in lines(fhir, m)} for m in (first, second)
    ]
    assert len(subjects[0]) == 1 and len(subjects[1]) == 1  # one citizen, one pseudonym each
    assert subjects[0] != subjects[1]
    ids = [{r["id"] for r in lines(fhir, m)} for m in (first, second)]
    assert not ids[0] & ids[1]
    assert BulkExport.objects.values("key_fingerprint").distinct().count() == 2


def test_status_is_202_with_progress_while_queued_and_running(
    live_server, world, data, monkeypatch
):
    monkeypatch.setattr(bulk, "_enqueue", lambda job_id: None)
    fhir = _fhir(live_server, world)
    started = kickoff(fhir, program=data.release.program_key)
    status_url = started.headers["Content-Location"]
    queued = call(fhir, status_url)
    assert queued.status_code == 202 and queued.headers["X-Progress"] == "queued"
    assert queued.headers["Retry-After"]
    # One export at a time per client.
    again = kickoff(fhir, program=data.release.program_key)
    assert again.status_code == 429 and outcome_code(parse(again.json())) == "throttled"
    job = BulkExport.objects.get()
    BulkExport.objects.filter(pk=job.pk).update(status="in_progress", progress=7)
    running = call(fhir, status_url)
    assert running.status_code == 202
    assert running.headers["X-Progress"] == "in progress: 7 responses"
    BulkExport.objects.filter(pk=job.pk).update(status="accepted")
    assert bulk.run_export(job.pk) == "completed"
    assert bulk.run_export(job.pk) == "skipped"  # a second run does nothing
    assert call(fhir, status_url).status_code == 200


def test_a_run_again_after_its_worker_died_takes_over_the_export(world, data, monkeypatch):
    """The worker was killed mid-export: the job stays in progress with part of its files. The
    task's next attempt (requeued by the care scheduler) writes it anew; a first attempt, which
    may be a duplicate enqueue beside a live run, leaves it alone."""
    monkeypatch.setattr(bulk, "_enqueue", lambda job_id: None)
    make_client(world, units=[world.unit])
    job = BulkExport.objects.create(
        public_id=uuid.uuid4(),
        client=ApiClient.objects.latest("pk"),
        program_key=data.release.program_key,
        unit_ids=[world.unit.pk],
        status="in_progress",
        progress=3,
    )
    partial = files.directory_of(job)
    partial.mkdir(parents=True)
    (partial / "left-by-the-dead-run.ndjson").write_text("{")
    assert bulk.run_export(job.pk) == "skipped"
    assert bulk.run_export(job.pk, taking_over=True) == "completed"
    assert not (partial / "left-by-the-dead-run.ndjson").exists()


def test_a_failed_export_is_an_operation_outcome_not_a_500(live_server, world, data, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk.files, "write_ndjson", broken)
    fhir = _fhir(live_server, world)
    started = kickoff(fhir, program=data.release.program_key)
    failed = call(fhir, started.headers["Content-Location"])
    assert failed.status_code == 422
    issue = parse(failed.json()).issue[0]
    assert issue.code == "exception" and "disk" not in issue.diagnostics


def test_delete_cancels_and_removes_the_files(live_server, world, data):
    fhir = _fhir(live_server, world)
    status_url, manifest = export(fhir, data.release.program_key)
    job = BulkExport.objects.get()
    folder = bulk.files.directory_of(job)
    assert folder.is_dir()
    assert call(fhir, status_url, "DELETE").status_code == 202
    assert not folder.exists()
    assert call(fhir, status_url).status_code == 404
    assert call(fhir, manifest["output"][0]["url"]).status_code == 404
    assert BulkExport.objects.get().status == "cancelled"  # the row stays for the log


def test_since_leaves_out_responses_completed_before_it(live_server, world, data):
    fhir = _fhir(live_server, world)
    _url, manifest = export(fhir, data.release.program_key, _since="2999-01-01T00:00:00Z")
    assert manifest["output"] == []


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        ({"Prefer": ""}, {}),
        ({"Accept": "text/html"}, {}),
        ({}, {"_type": "Patient"}),
        ({}, {"_type": "QuestionnaireResponse,Patient"}),
        ({}, {"_typeFilter": "QuestionnaireResponse?status=completed"}),
        ({}, {"_outputFormat": "text/csv"}),
        ({}, {"_since": "yesterday"}),
        ({}, {"program": ""}),
        ({}, {"program": "no-such-program"}),
    ],
)
def test_a_bad_kick_off_is_400_with_an_operation_outcome(live_server, world, data, headers, params):
    fhir = _fhir(live_server, world)
    answer = kickoff(fhir, headers=headers, **{"program": data.release.program_key, **params})
    assert answer.status_code == 400
    assert outcome_code(parse(answer.json())) == "invalid"
    assert not BulkExport.objects.exists()


def test_only_system_clients_with_the_scope_may_export(live_server, world, data):
    no_scope = _fhir(live_server, world, scopes=["system/Patient.read"])
    answer = kickoff(no_scope, program=data.release.program_key)
    assert answer.status_code == 403
    answer = kickoff(FhirClient(no_scope.base), program=data.release.program_key)
    assert answer.status_code == 401
    scoped = _fhir(live_server, world, scopes=["system/QuestionnaireResponse.read"], name="Reg")
    assert kickoff(scoped, program=data.release.program_key).status_code == 202


def test_another_provider_neither_exports_the_program_nor_sees_the_job(live_server, world, data):
    ours = _fhir(live_server, world)
    status_url, manifest = export(ours, data.release.program_key)
    theirs = _fhir(live_server, world, provider=world.other_provider, name="Annan")
    # Their own release of the same program: only their own unit's one response.
    _url, their_manifest = export(theirs, data.release.program_key)
    assert [o["count"] for o in their_manifest["output"]] == [1]
    their_job = BulkExport.objects.get(client__provider=world.other_provider)
    events = AccessEvent.objects.filter(action=bulk.ACTION, target_id=str(their_job.pk))
    assert {(e.citizen_id, e.unit_id) for e in events} == {
        (world.other_citizen.pk, world.foreign_unit.pk)
    }
    for url in (status_url, manifest["output"][0]["url"], manifest["extension"]["codebook"]):
        assert call(theirs, url).status_code == 404
        assert call(theirs, url, "DELETE").status_code in (404, 405)
        assert call(FhirClient(ours.base), url).status_code == 401
    # Another client of the same provider does not see it either.
    sibling = _fhir(live_server, world, name="Syskon")
    assert call(sibling, status_url).status_code == 404
    assert call(ours, status_url).status_code == 200


def test_each_export_is_an_access_event_per_citizen_naming_the_client(live_server, world, data):
    issued = make_client(world, units=[world.unit])
    fhir = FhirClient.with_client_credentials(live_server, issued)
    _url, manifest = export(fhir, data.release.program_key)
    job = BulkExport.objects.get()
    events = AccessEvent.objects.filter(action=bulk.ACTION)
    assert [(e.citizen_id, e.unit_id) for e in events] == [(world.citizen.pk, world.unit.pk)]
    event = events.get()
    assert (event.actor_role, event.actor_hsa_id) == ("api_client", issued.client.code)
    assert (event.target_type, event.target_id) == ("api.bulkexport", str(job.pk))
    lines(fhir, manifest)
    download = AccessEvent.objects.get(action=bulk.DOWNLOAD_ACTION)
    assert download.actor_hsa_id == issued.client.code and download.target_id == str(job.pk)


def test_the_citizen_sees_the_export_in_who_has_read_my_data(live_server, world, data, login):
    from django.urls import reverse

    fhir = _fhir(live_server, world, units=[world.unit])
    export(fhir, data.release.program_key)
    page = login(world.citizen).get(reverse("portal:access_log"), HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200
    assert "Forskningsuttag genom API:t" in page.content.decode()


def test_the_capability_statement_declares_export(live_server):
    answer = requests.get(f"{live_server.url}/fhir/metadata", timeout=30)
    capability = parse(answer.json())
    (operation,) = capability.rest[0].operation
    assert operation.name == "export"
    assert operation.definition.endswith("/OperationDefinition/export")


def test_a_client_revoked_before_its_export_runs_gets_nothing(
    live_server, world, data, monkeypatch
):
    monkeypatch.setattr(bulk, "_enqueue", lambda job_id: None)
    issued = make_client(world)
    fhir = FhirClient.with_client_credentials(live_server, issued)
    started = kickoff(fhir, program=data.release.program_key)
    job = BulkExport.objects.get()
    services.revoke_client(actor=world.provider_admin, client=issued.client)
    assert bulk.run_export(job.pk) == "failed"
    assert not bulk.files.directory_of(job).exists()
    assert not AccessEvent.objects.filter(action=bulk.ACTION).exists()
    assert call(fhir, started.headers["Content-Location"]).status_code == 401
