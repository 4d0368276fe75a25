"""Provider administration pages: units, access admins, care assignments."""

from django.urls import reverse

from stegvis.organisation.models import CareUnit, Role, RoleGrant
from tests.factories import StaffFactory, UnitFactory, assign
from tests.plugins.queries import assert_page_queries


def test_provider_admin_creates_a_unit_from_the_page(world, login):
    response = login(world.provider_admin).post(
        reverse("clinic:units"), {"name": "Barnklinik", "hsa_id": "SE2321000065-B1"}
    )
    unit = CareUnit.objects.get(hsa_id="SE2321000065-B1")
    assert response["Location"] == reverse("clinic:unit_detail", args=[unit.pk])


def test_a_bad_or_taken_hsa_id_is_explained_not_crashed(world, login):
    client = login(world.provider_admin)
    for hsa_id in ("bad", world.unit.hsa_id):
        response = client.post(reverse("clinic:units"), {"name": "X", "hsa_id": hsa_id})
        assert response.status_code == 200
        assert response.context["form"].errors


def test_appoint_access_admin_by_hsa_id(world, login):
    nurse = assign(StaffFactory(), world.other_unit)
    response = login(world.provider_admin).post(
        reverse("clinic:unit_detail", args=[world.other_unit.pk]),
        {"appoint-hsa_id": nurse.hsa_id},
    )
    assert response.status_code == 302
    assert (
        RoleGrant.objects.active()
        .filter(staff=nurse, unit=world.other_unit, role=Role.ACCESS_ADMIN)
        .exists()
    )


def test_appointing_someone_without_assignment_explains_why(world, login):
    response = login(world.provider_admin).post(
        reverse("clinic:unit_detail", args=[world.other_unit.pk]),
        {"appoint-hsa_id": world.unassigned_staff.hsa_id},
    )
    assert response.status_code == 200
    assert response.context["appoint_form"].errors


def test_add_a_care_assignment_from_the_page(world, login):
    response = login(world.provider_admin).post(
        reverse("clinic:unit_detail", args=[world.other_unit.pk]),
        {"assign-hsa_id": world.unassigned_staff.hsa_id},
    )
    assert response.status_code == 302
    assert world.unassigned_staff.care_assignments.filter(unit=world.other_unit).exists()


def test_deactivate_from_the_page(world, login):
    response = login(world.provider_admin).post(
        reverse("clinic:unit_deactivate", args=[world.other_unit.pk])
    )
    assert response.status_code == 302
    world.other_unit.refresh_from_db()
    assert not world.other_unit.is_active


def test_unit_list_query_count_does_not_grow_with_units(world, login):
    client = login(world.provider_admin)
    url = reverse("clinic:units")

    def grow():
        for _ in range(10):
            unit = UnitFactory(provider=world.provider)
            assign(StaffFactory(), unit, Role.ACCESS_ADMIN)

    # Queries: session, user, MFA check, roles, provider, units, prefetched access admins.
    assert_page_queries(client, url, 7, grow=grow)
