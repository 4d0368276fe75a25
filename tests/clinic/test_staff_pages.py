"""The "Personal" tab: search by HSA-id, grant roles (one or the trio), inactivate."""

from django.urls import reverse

from stegvis.organisation.models import Role, RoleGrant
from tests.factories import StaffFactory, assign
from tests.plugins.queries import assert_page_queries


def test_search_by_hsa_id_opens_the_staff_member(world, login):
    client = login(world.access_admin)
    response = client.get(reverse("clinic:staff"), {"hsa_id": world.practitioner.hsa_id.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic:staff_detail", args=[world.practitioner.pk])


def test_an_invalid_hsa_id_gets_a_clear_message(world, login):
    response = login(world.access_admin).get(reverse("clinic:staff"), {"hsa_id": "nonsense"})
    assert response.status_code == 200
    assert "Ange ett giltigt HSA-id" in response.text or "valid HSA-id" in response.text


def test_an_unknown_hsa_id_is_reported(world, login):
    response = login(world.access_admin).get(
        reverse("clinic:staff"), {"hsa_id": "SE2321000065-NOBODY"}
    )
    assert response.status_code == 200
    assert response.context["messages"]


def test_staff_of_another_provider_are_not_found(world, login):
    client = login(world.access_admin)
    response = client.get(reverse("clinic:staff"), {"hsa_id": world.foreign_staff.hsa_id})
    # Not opened: the search reports nobody, as for an HSA-id nobody has.
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Ingen medarbetare hos den här vårdgivaren har det HSA-id:t."
    ]
    assert world.foreign_staff.get_full_name() not in response.text
    detail = client.get(reverse("clinic:staff_detail", args=[world.foreign_staff.pk]))
    assert detail.status_code == 404


def test_the_trio_button_grants_three_roles(world, login):
    nurse = assign(StaffFactory(), world.unit)
    response = login(world.access_admin).post(
        reverse("clinic:staff_detail", args=[nurse.pk]), {"trio": "on"}
    )
    assert response.status_code == 302
    roles = set(RoleGrant.objects.active().filter(staff=nurse).values_list("role", flat=True))
    assert roles == {Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.DATA_ADMIN}


def test_granting_chosen_roles(world, login):
    nurse = assign(StaffFactory(), world.unit)
    login(world.access_admin).post(
        reverse("clinic:staff_detail", args=[nurse.pk]), {"roles": [Role.DESIGNER]}
    )
    assert RoleGrant.objects.active().get(staff=nurse).role == Role.DESIGNER


def test_granting_nothing_or_an_unknown_role_is_refused_without_error(world, login):
    nurse = assign(StaffFactory(), world.unit)
    client = login(world.access_admin)
    for data in ({}, {"roles": ["superuser"]}):
        response = client.post(reverse("clinic:staff_detail", args=[nurse.pk]), data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not RoleGrant.objects.filter(staff=nurse).exists()


def test_granting_without_a_care_assignment_explains_why(world, login):
    # Staff of the same provider, assigned to another unit only.
    response = login(world.access_admin).post(
        reverse("clinic:staff_detail", args=[world.other_unit_practitioner.pk]),
        {"roles": [Role.PRACTITIONER]},
    )
    assert response.status_code == 200
    assert "care assignment" in str(response.context["form"].non_field_errors()) or (
        "medarbetaruppdrag" in str(response.context["form"].non_field_errors())
    )


def test_inactivate_from_the_page(world, login):
    grant = RoleGrant.objects.get(staff=world.practitioner)
    response = login(world.access_admin).post(reverse("clinic:grant_inactivate", args=[grant.pk]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert not grant.is_active
    assert grant.inactivated_by == world.access_admin


def test_get_is_not_allowed_for_inactivation(world, login):
    grant = RoleGrant.objects.get(staff=world.practitioner)
    response = login(world.access_admin).get(reverse("clinic:grant_inactivate", args=[grant.pk]))
    assert response.status_code == 405


def test_staff_list_query_count_does_not_grow_with_staff(world, login):
    client = login(world.access_admin)
    url = reverse("clinic:staff")

    # Queries: session, user, MFA check, roles, unit, staff list, prefetched grants.
    def grow():
        for _ in range(15):
            assign(StaffFactory(), world.unit, Role.PRACTITIONER, Role.DATA_ADMIN)

    assert_page_queries(client, url, 8, grow=grow)


def test_staff_detail_query_count_does_not_grow_with_grants(world, login):
    client = login(world.access_admin)
    nurse = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    url = reverse("clinic:staff_detail", args=[nurse.pk])

    def grow():
        for role in (Role.CITIZEN_ADMIN, Role.DATA_ADMIN, Role.DESIGNER, Role.PUBLISHER):
            RoleGrant.objects.create(
                staff=nurse,
                unit=world.unit,
                provider=world.provider,
                role=role,
                granted_by=world.access_admin,
            )

    # Queries: session, user, MFA check, roles, unit, the staff member, grants, assignments.
    assert_page_queries(client, url, 9, grow=grow)


def test_an_access_admin_sees_their_own_roles_but_no_way_to_change_them(world, login):
    response = login(world.access_admin).get(
        reverse("clinic:staff_detail", args=[world.access_admin.pk])
    )
    assert response.status_code == 200
    assert not response.context["may_change"]
    html = response.text
    assert reverse(
        "clinic:grant_inactivate", args=[world.access_admin.role_grants.get().pk]
    ) not in (html)
    assert 'name="trio"' not in html
    assert "dina egna roller" in html


def test_granting_oneself_the_trio_from_the_page_is_refused_with_a_message(world, login):
    response = login(world.access_admin).post(
        reverse("clinic:staff_detail", args=[world.access_admin.pk]), {"trio": "on"}
    )
    assert response.status_code == 200
    assert "dina egna roller" in response.text
    assert list(
        RoleGrant.objects.filter(staff=world.access_admin).values_list("role", flat=True)
    ) == [Role.ACCESS_ADMIN]


def test_inactivating_ones_own_grant_from_the_page_is_refused_with_a_message(world, login):
    grant = world.access_admin.role_grants.get()
    client = login(world.access_admin)
    response = client.post(reverse("clinic:grant_inactivate", args=[grant.pk]), follow=True)
    assert "dina egna roller" in response.text
    grant.refresh_from_db()
    assert grant.is_active


def test_another_access_admin_sees_the_grant_form_for_a_colleague(world, login):
    colleague = assign(StaffFactory(), world.unit, Role.ACCESS_ADMIN)
    response = login(colleague).get(reverse("clinic:staff_detail", args=[world.access_admin.pk]))
    assert response.context["may_change"]
    assert 'name="trio"' in response.text
