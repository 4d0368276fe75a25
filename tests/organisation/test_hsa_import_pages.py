"""A provider admin imports an HSA export in the clinic: a dry-run preview, then confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import CareUnit, User
from tests.organisation.hsa_files import hsa_file, region_rows
from tests.plugins.queries import assert_page_queries

URL = "/clinic/provider/units/import/"


def _upload(client, data: bytes):
    return client.post(URL, {"file": SimpleUploadedFile("hsa.csv", data, "text/csv")})


def test_the_url_is_the_documented_one():
    assert reverse("clinic:hsa_import") == URL


@pytest.mark.parametrize("persona", ["access_admin", "practitioner", "foreign_staff"])
def test_only_provider_admins_import(world, login, persona):
    assert login(world.persona(persona)).get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(world, login):
    response = login(None).get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_preview_saves_nothing_and_confirm_imports_it(world, login):
    client = login(world.provider_admin)
    rows = region_rows(2, 3, prefix="W")
    rows.append(["nej", "X", "SE2321000065-WX1", "A", "B", "x@r.example", "", ""])
    response = _upload(client, hsa_file(rows))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run and report.count_created == 3 and len(report.refused) == 1
    assert not User.objects.filter(hsa_id__startswith="SE2321000065-WP").exists()
    assert "Rad" in response.content.decode() or "Row" in response.content.decode()

    response = client.post(URL, {"confirm": response.context["confirm"]})
    assert response.status_code == 200 and not response.context["report"].dry_run
    assert User.objects.filter(hsa_id__startswith="SE2321000065-WP").count() == 3
    assert CareUnit.objects.filter(provider=world.provider, hsa_id__contains="-WU").count() == 2
    event = AccessEvent.objects.get(action="organisation.import")
    assert event.actor_id == world.provider_admin.pk and event.provider_id == world.provider.pk


def test_a_confirm_without_a_preview_imports_nothing(world, login):
    response = login(world.provider_admin).post(URL, {"confirm": "0" * 64})
    assert response.status_code == 302
    assert not AccessEvent.objects.filter(action="organisation.import").exists()


def test_an_unreadable_file_is_explained(world, login):
    response = _upload(login(world.provider_admin), b"namn;epost\r\n")
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_the_page_reads_in_fixed_queries(world, login):
    # Queries: session, user, the MFA check, roles, the workplace's provider.
    assert_page_queries(login(world.provider_admin), URL, 5)
