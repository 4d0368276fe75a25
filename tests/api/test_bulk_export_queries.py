"""The `$export` status URL runs a fixed number of queries however large the export."""

import uuid

import pytest

from stegvis.api.bulk import services as bulk
from stegvis.api.models import BulkExport
from tests.api import scenario
from tests.api.conftest import make_client, token_for
from tests.plugins.queries import assert_queries

pytestmark = pytest.mark.django_db


def _done_export(issued, data) -> BulkExport:
    job = BulkExport.objects.create(
        public_id=uuid.uuid4(),
        client=issued.client,
        program_key=data.release.program_key,
        unit_ids=[data.enrollment.unit_id],
        request_url="https://testserver/fhir/$export",
    )
    assert bulk.run_export(job.pk) == "completed"
    return job


def test_the_status_of_a_finished_export_runs_fixed_queries(client, world, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    data = scenario.build(world)
    issued = make_client(world, units=[world.unit])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(client, issued)['access_token']}"}
    small = _done_export(issued, data)
    client.get(f"/fhir/$export-status/{small.public_id}", **auth)  # warm up (last use noted)
    # The token with its client and provider; the client's units; the job.
    with assert_queries(3):
        answer = client.get(f"/fhir/$export-status/{small.public_id}", **auth)
    assert answer.status_code == 200
    for n in range(10, 18):
        scenario.answer(data.enrollment, n)
    BulkExport.objects.filter(pk=small.pk).update(status="cancelled")
    large = _done_export(issued, data)
    with assert_queries(3):
        answer = client.get(f"/fhir/$export-status/{large.public_id}", **auth)
    assert answer.json()["output"][0]["count"] == 11
