"""Provider admins download a release as a program file and upload one into their catalog."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stegvis.catalog import files, services
from stegvis.catalog.models import ProgramRelease
from tests.catalog.conftest import minimal_document


@pytest.fixture
def release(world):
    return services.create_release(
        actor=None, owner=world.other_provider, document=minimal_document("annat")
    )


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("program.stegvis.zip", data, content_type="application/zip")


def test_download_a_release_as_a_program_file(world, login):
    own = services.create_release(actor=None, owner=world.provider, document=minimal_document())
    response = login(world.provider_admin).get(reverse("clinic:catalog_export", args=[own.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [files.MANIFEST]


def test_upload_a_program_file_into_the_catalog(world, login, release):
    client = login(world.provider_admin)
    response = client.post(
        reverse("clinic:catalog_import"), {"file": _upload(files.export_release(release))}
    )
    imported = ProgramRelease.objects.get(owner=world.provider)
    assert response["Location"] == reverse("clinic:catalog_release", args=[imported.pk])
    assert imported.imported_from.startswith("annan/annat@1.0 sha256:")
    page = client.get(response["Location"])
    assert page.context["agreement_missing"]
    assert "annan/annat@1.0" in page.content.decode()


def test_a_bad_upload_is_explained_on_the_form(world, login):
    response = login(world.provider_admin).post(
        reverse("clinic:catalog_import"), {"file": _upload(b"not a zip")}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ProgramRelease.objects.exists()


def test_an_upload_without_a_file_is_explained(world, login):
    response = login(world.provider_admin).post(reverse("clinic:catalog_import"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
