"""Provider admins download a release as a program file and upload one into their catalog."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stegvis.catalog import files, services
from stegvis.catalog.models import ProgramAgreement, ProgramRelease
from tests.factories import ReleaseFactory


@pytest.fixture
def their_release(world):
    """Another provider's program, not released to ours: it comes to us as a file."""
    return ReleaseFactory(owner=world.other_provider, key="annat")


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("program.stegvis.zip", data, content_type="application/zip")


def test_download_a_release_as_a_program_file(world, login):
    own = ReleaseFactory(owner=world.provider)
    response = login(world.provider_admin).get(reverse("clinic:catalog_export", args=[own.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [files.MANIFEST]


def test_upload_a_program_file_into_the_catalog(world, login, their_release):
    client = login(world.provider_admin)
    response = client.post(
        reverse("clinic:catalog_import"), {"file": _upload(files.export_release(their_release))}
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


def test_the_agreement_for_an_imported_program_names_the_outside_owner(world, login, their_release):
    client = login(world.provider_admin)
    client.post(
        reverse("clinic:catalog_import"), {"file": _upload(files.export_release(their_release))}
    )
    imported = ProgramRelease.objects.get(owner=world.provider)
    program = f"{world.provider.pk}:annat"
    form = client.get(reverse("clinic:catalog_agreement_create"), {"program": program})
    assert "annan" in dict(form.context["form"].fields["program"].choices)[program]
    response = client.post(
        reverse("clinic:catalog_agreement_create"),
        {"program": program, "user_provider": world.provider.pk, "valid_from": "2026-01-01"},
    )
    assert response.status_code == 302
    agreement = ProgramAgreement.objects.get()
    assert agreement.owner is None
    assert agreement.external_owner == "Region Annan (annan)"
    assert agreement.user_provider == world.provider
    page = client.get(reverse("clinic:catalog_release", args=[imported.pk]))
    assert not page.context["agreement_missing"]
    assert "Region Annan (annan)" in page.content.decode()


def test_an_outside_owner_cannot_be_claimed_for_a_program_that_was_not_imported(world):
    from django.core.exceptions import ValidationError

    ReleaseFactory(owner=world.provider, key="egen")
    with pytest.raises(ValidationError):
        services.create_agreement(
            actor=world.provider_admin,
            provider=world.provider,
            owner=None,
            external_owner="Någon annan",
            user_provider=world.provider,
            program_key="egen",
            valid_from=timezone.localdate(),
        )
