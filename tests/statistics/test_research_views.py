"""Forskningsuttag in the staff portal: who may do what, what each page does, query counts."""
# ruff: noqa: F811  (fixtures imported from research_fixtures are used as arguments)

import io
import zipfile

import pytest
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import RoleGrant
from stegvis.statistics.models import ResearchExport, ResearchExportAuthorisation
from tests.factories import StaffFactory, make_provider_admin
from tests.plugins.queries import assert_page_queries
from tests.record_factories import ResearchExportAuthorisationFactory, ResearchExportFactory
from tests.statistics.research_fixtures import authorised_data_admin, make_export, research_data  # noqa: F401

LIST = "/clinic/statistics/research/"
NEW = "/clinic/statistics/research/new/"
EXPORTERS = "/clinic/statistics/research/exporters/"


@pytest.fixture
def export(world, release):
    return make_export(world, release)


@pytest.fixture
def foreign_export(world, release):
    """An export of another provider's data, made by its own admin."""
    admin = make_provider_admin(StaffFactory(), world.other_provider)
    return ResearchExportFactory(
        provider=world.other_provider,
        exported_by=admin,
        channel="clinic",
        program_key=release.program_key,
        period_from=timezone.localdate(),
        period_to=timezone.localdate(),
        reason="Annan region",
        key_fingerprint="0" * 16,
    )


def detail(export) -> str:
    return f"{LIST}{export.pk}/"


@pytest.mark.parametrize("url", [LIST, NEW])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("provider_admin", 200),
        ("data_admin", 403),
        ("practitioner", 403),
        ("citizen_admin", 403),
        ("foreign_staff", 403),
        ("citizen", 403),
    ],
)
def test_who_may_open_the_export_pages(world, login, url, persona, status):
    assert login(world.persona(persona)).get(url).status_code == status


@pytest.mark.parametrize("url", [LIST, NEW, EXPORTERS])
def test_anonymous_visitors_are_sent_to_sign_in(world, login, url):
    response = login(None).get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [LIST, NEW])
def test_an_authorised_data_admin_may_export(world, login, authorised_data_admin, url):
    assert login(authorised_data_admin).get(url).status_code == 200


def test_a_revoked_authorisation_no_longer_counts(world, login, authorised_data_admin):
    ResearchExportAuthorisation.objects.update(
        revoked_at=timezone.now(), revoked_by=world.provider_admin
    )
    assert login(authorised_data_admin).get(LIST).status_code == 403


def test_an_authorisation_ends_with_the_data_admin_role(world, login, authorised_data_admin):
    RoleGrant.objects.filter(staff=authorised_data_admin).update(inactivated_at=timezone.now())
    assert login(authorised_data_admin).get(LIST).status_code in (302, 403)


def test_the_detail_page_by_persona(world, login, export, authorised_data_admin):
    url = detail(export[0])
    assert login(world.provider_admin).get(url).status_code == 200
    assert login(authorised_data_admin).get(url).status_code == 200
    assert login(world.practitioner).get(url).status_code == 403
    assert login(world.other_unit_practitioner).get(url).status_code == 403
    assert login(None).get(url).status_code == 302


def test_another_providers_export_is_not_found(world, login, foreign_export):
    client = login(world.provider_admin)
    assert client.get(detail(foreign_export)).status_code == 404
    assert client.post(f"{detail(foreign_export)}download/", {"key": "x"}).status_code == 404


def test_making_an_export_shows_its_key_once_and_records_it(world, login, release, research_data):
    client = login(world.provider_admin)
    today = timezone.localdate().isoformat()
    response = client.post(
        NEW,
        {
            "program": release.program_key,
            "date_from": "2026-01-01",
            "date_to": today,
            "reason": "Studie X, Dnr 2026-0001",
        },
    )
    assert response.status_code == 200
    export = ResearchExport.objects.get()
    key = response.context["key"]
    assert key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert key not in str(ResearchExport.objects.values().get())
    assert (export.exported_by, export.exported_by_role) == (world.provider_admin, "provider_admin")
    assert export.enrollment_count == 2
    download = client.post(f"{detail(export)}download/", {"key": key})
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert f"stegvis-forskningsuttag-{export.pk}/enrollments.csv" in archive.namelist()
    assert AccessEvent.objects.filter(action="statistics.research_download").count() == 1


def test_a_wrong_key_is_refused_with_a_message(world, login, export):
    response = login(world.provider_admin).post(f"{detail(export[0])}download/", {"key": "fel"})
    assert response.status_code == 400
    assert response.context["key_form"].errors["key"]
    assert not AccessEvent.objects.filter(action="statistics.research_download").exists()


def test_the_download_needs_a_post(world, login, export):
    assert login(world.provider_admin).get(f"{detail(export[0])}download/").status_code == 405


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"date_from": "2026-12-31", "date_to": "2026-01-01"}, "date_to"),
        ({"date_from": "igår"}, "date_from"),
        ({"program": "finns-inte"}, "program"),
        ({"include_free_text": "on"}, "free_text_reason"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_exported(world, login, release, data, field):
    form = {
        "program": release.program_key,
        "date_from": "2026-01-01",
        "date_to": "2026-06-30",
        "reason": "Studie",
        **data,
    }
    response = login(world.provider_admin).post(NEW, form)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ResearchExport.objects.exists()
    assert not AccessEvent.objects.filter(action="statistics.research_export").exists()


def test_the_provider_admin_authorises_and_revokes_a_data_admin(world, login):
    client = login(world.provider_admin)
    assert client.post(EXPORTERS, {"hsa_id": world.data_admin.hsa_id}).status_code == 302
    authorisation = ResearchExportAuthorisation.objects.get()
    assert (authorisation.staff, authorisation.unit) == (world.data_admin, world.unit)
    assert AccessEvent.objects.filter(action="statistics.research_exporter_authorise").exists()
    assert login(world.data_admin).get(LIST).status_code == 200
    client = login(world.provider_admin)
    assert client.post(f"{EXPORTERS}{authorisation.pk}/revoke/").status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.revoked_by == world.provider_admin
    assert login(world.data_admin).get(LIST).status_code == 403


def test_only_a_data_admin_of_the_provider_can_be_authorised(world, login):
    client = login(world.provider_admin)
    for staff in (world.practitioner, world.foreign_staff):
        response = client.post(EXPORTERS, {"hsa_id": staff.hsa_id})
        assert response.status_code == 200
        assert response.context["form"].errors["hsa_id"]
    assert not ResearchExportAuthorisation.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("provider_admin", 200), ("data_admin", 403), ("practitioner", 403)],
)
def test_who_may_manage_the_authorisations(world, login, persona, status):
    assert login(world.persona(persona)).get(EXPORTERS).status_code == status


def test_an_authorised_data_admin_cannot_manage_authorisations(world, login, authorised_data_admin):
    client = login(authorised_data_admin)
    assert client.get(EXPORTERS).status_code == 403
    authorisation = ResearchExportAuthorisation.objects.get()
    assert client.post(f"{EXPORTERS}{authorisation.pk}/revoke/").status_code == 403


def test_another_providers_authorisation_is_not_found(world, login):
    other_admin = make_provider_admin(StaffFactory(), world.other_provider)
    authorisation = ResearchExportAuthorisationFactory(
        provider=world.other_provider,
        unit=world.foreign_unit,
        staff=world.foreign_staff,
        authorised_by=other_admin,
    )
    response = login(world.provider_admin).post(f"{EXPORTERS}{authorisation.pk}/revoke/")
    assert response.status_code == 404


def test_the_list_reads_in_fixed_queries(world, login, release):
    client = login(world.provider_admin)
    make_export(world, release)
    # Signing in and acting (5): session, user,
    # MFA, roles, workplace; then the page's own.
    # The page: the exports with who made them.
    assert_page_queries(client, LIST, 6, grow=lambda: make_export(world, release))


def test_the_detail_page_reads_in_fixed_queries(world, login, export):
    # Signing in and acting (5): session, user,
    # MFA, roles, workplace; then the page's own.
    # The page: the export with its provider and maker.
    assert_page_queries(login(world.provider_admin), detail(export[0]), 6)


def test_the_new_export_form_reads_in_fixed_queries(world, login, release):
    # Signing in and acting (5): session, user,
    # MFA, roles, workplace; then the page's own.
    # The page: the programs the provider may use.
    assert_page_queries(login(world.provider_admin), NEW, 6)


def test_the_authorisations_page_reads_in_fixed_queries(world, login, authorised_data_admin):
    def grow():
        ResearchExportAuthorisation.objects.update(revoked_at=timezone.now())
        ResearchExportAuthorisationFactory(
            provider=world.provider,
            unit=world.unit,
            staff=world.data_admin,
            authorised_by=world.provider_admin,
        )

    # Signing in and acting (5): session, user,
    # MFA, roles, workplace; then the page's own.
    # The page: the authorisations with their people and units.
    assert_page_queries(login(world.provider_admin), EXPORTERS, 6, grow=grow)


def test_an_authorised_data_admins_list_reads_in_fixed_queries(
    world, login, release, authorised_data_admin
):
    make_export(world, release)
    # As for a provider admin, and the unit workplace's own lookup and the authorisation.
    assert_page_queries(login(authorised_data_admin), LIST, 8)
