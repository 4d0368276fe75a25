"""The system administrator's pages: who may see them, what they create, and their queries."""

import pytest
from django.urls import reverse

from stegvis.accounts.landing import landing_url
from stegvis.audit.models import AccessEvent
from stegvis.organisation.models import CareProvider, Role, RoleGrant, User
from tests.factories import ProviderFactory, StaffFactory, make_provider_admin
from tests.plugins.queries import assert_page_queries

PAGES = [
    lambda world: reverse("clinic:providers"),
    lambda world: reverse("clinic:provider_new"),
    lambda world: reverse("clinic:provider_detail", args=[world.provider.pk]),
]


@pytest.fixture
def sysadmin(world):
    return StaffFactory(is_system_admin=True, hsa_id=None)


@pytest.mark.parametrize("page", PAGES)
def test_only_the_system_admin_gets_the_pages(world, login, sysadmin, page):
    url = page(world)
    assert login(sysadmin).get(url).status_code == 200
    for persona in (world.provider_admin, world.access_admin, world.practitioner, world.citizen):
        assert login(persona).get(url).status_code == 403
    response = login(None).get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_provider_is_not_found(world, login, sysadmin):
    response = login(sysadmin).get(reverse("clinic:provider_detail", args=[999999]))
    assert response.status_code == 404


def test_sign_in_lands_on_the_providers_and_no_citizen_page_opens(world, login, sysadmin):
    assert landing_url(sysadmin) == reverse("clinic:providers")
    client = login(sysadmin)
    assert client.get(reverse("clinic:start"))["Location"] == reverse("clinic:providers")
    assert client.get(reverse("clinic:citizens")).status_code in (302, 403)
    assert client.get(reverse("clinic:access_log")).status_code in (302, 403)


def test_the_system_admin_creates_a_provider(world, login, sysadmin):
    response = login(sysadmin).post(
        reverse("clinic:provider_new"),
        {"name": "Region Norr", "code": "region-norr", "hsa_id": "se2321000999-1"},
    )
    provider = CareProvider.objects.get(code="region-norr")
    assert response["Location"] == reverse("clinic:provider_detail", args=[provider.pk])
    assert provider.hsa_id == "SE2321000999-1"
    event = AccessEvent.objects.get(action="provider.create")
    assert event.actor_id == sysadmin.pk and event.provider_id == provider.pk
    assert event.actor_role == "system_admin"


def test_a_taken_code_or_bad_hsa_id_is_explained(world, login, sysadmin):
    client = login(sysadmin)
    for data in (
        {"name": "X", "code": world.provider.code},
        {"name": "X", "code": "x", "hsa_id": "nej"},
    ):
        response = client.post(reverse("clinic:provider_new"), data)
        assert response.status_code == 200 and response.context["form"].errors


def test_appoint_an_existing_staff_member_by_hsa_id(world, login, sysadmin):
    url = reverse("clinic:provider_detail", args=[world.other_provider.pk])
    response = login(sysadmin).post(url, {"hsa_id": world.unassigned_staff.hsa_id})
    assert response.status_code == 302
    grant = RoleGrant.objects.active().get(
        staff=world.unassigned_staff, provider=world.other_provider
    )
    assert grant.role == Role.PROVIDER_ADMIN and grant.granted_by == sysadmin
    assert AccessEvent.objects.filter(action="role.grant", actor=sysadmin).exists()


def test_appoint_a_new_staff_member(world, login, sysadmin):
    url = reverse("clinic:provider_detail", args=[world.other_provider.pk])
    data = {
        "hsa_id": "SE2321000065-NY1",
        "first_name": "Nils",
        "last_name": "Ny",
        "email": "nils.ny@region.example",
    }
    assert login(sysadmin).post(url, data).status_code == 302
    staff = User.objects.get(hsa_id="SE2321000065-NY1")
    assert staff.is_care_staff and staff.email == "nils.ny@region.example"
    assert RoleGrant.objects.active().filter(staff=staff, provider=world.other_provider).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"hsa_id": "SE2321000065-NONE"},  # unknown, and no name to create them with
        {"hsa_id": "SE2321000065-NY2", "first_name": "Nils"},  # a new one needs all fields
        {"hsa_id": "SE2321000065-NY3", "first_name": "A", "last_name": "B", "email": "{taken}"},
    ],
)
def test_bad_appointments_are_explained_and_change_nothing(world, login, sysadmin, data):
    data = {key: value.format(taken=world.practitioner.email) for key, value in data.items()}
    url = reverse("clinic:provider_detail", args=[world.other_provider.pk])
    response = login(sysadmin).post(url, data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not User.objects.filter(hsa_id=data["hsa_id"]).exists()


def test_the_system_admin_cannot_appoint_themself(world, login):
    sysadmin = StaffFactory(is_system_admin=True)
    url = reverse("clinic:provider_detail", args=[world.other_provider.pk])
    response = login(sysadmin).post(url, {"hsa_id": sysadmin.hsa_id})
    assert response.status_code == 200 and response.context["form"].errors
    assert not RoleGrant.objects.filter(staff=sysadmin).exists()


def test_the_provider_list_reads_in_fixed_queries(world, login, sysadmin):
    def grow():
        for _ in range(5):
            make_provider_admin(StaffFactory(), ProviderFactory())

    # Queries: session, user, sign-in and MFA records, roles and workplace for the header and
    # navigation, the providers with their unit counts, their admins (one query for all).
    assert_page_queries(login(sysadmin), reverse("clinic:providers"), 6, grow=grow)


def test_the_provider_page_reads_in_fixed_queries(world, login, sysadmin):
    def grow():
        for _ in range(5):
            make_provider_admin(StaffFactory(), world.other_provider)

    url = reverse("clinic:provider_detail", args=[world.other_provider.pk])
    assert_page_queries(login(sysadmin), url, 6, grow=grow)
