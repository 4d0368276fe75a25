"""Groups of enrollments: who may manage them, the rules of names and members, the lists'
filter, Hantera's choice and a message to a group with partial failures (docs/groups.md)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.care.models import EnrollmentGroup, GroupMembership
from stegvis.care.services import groups as service
from stegvis.care.services.enrollment import change_phase
from stegvis.messaging.group_sending import send_group_message
from stegvis.messaging.models import Message
from tests.factories import CitizenFactory
from tests.plugins.queries import assert_page_queries


@pytest.fixture
def group(world):
    return service.create_group(actor=world.practitioner, unit=world.unit, name="Grupp vår 2027")


def _members(group):
    return set(GroupMembership.objects.filter(group=group).values_list("enrollment_id", flat=True))


# Rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("practitioner", True),
        ("citizen_admin", True),
        ("access_admin", False),
        ("data_admin", False),
        ("other_unit_practitioner", False),
        ("foreign_staff", False),
        ("citizen", False),
    ],
)
def test_only_care_staff_at_the_unit_manage_its_groups(world, persona, allowed):
    assert world.persona(persona).has_perm("care.manage_groups", world.unit) is allowed


def test_only_practitioners_write_to_a_group(world, group):
    assert world.practitioner.has_perm("messaging.message_group", group)
    assert not world.citizen_admin.has_perm("messaging.message_group", group)
    assert not world.other_unit_practitioner.has_perm("messaging.message_group", group)


def test_a_name_is_required_and_unique_per_unit_whatever_the_case(world, group):
    with pytest.raises(ValidationError) as error:
        service.create_group(actor=world.practitioner, unit=world.unit, name="  ")
    assert "name" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        service.create_group(actor=world.practitioner, unit=world.unit, name="GRUPP  vår 2027")
    assert error.value.error_dict["name"][0].code == "name_taken"
    other = service.create_group(
        actor=world.other_unit_practitioner, unit=world.other_unit, name="Grupp vår 2027"
    )
    assert other.unit == world.other_unit


def test_staff_elsewhere_cannot_create_a_group_here(world):
    with pytest.raises(PermissionDenied):
        service.create_group(actor=world.other_unit_practitioner, unit=world.unit, name="X")


def test_renaming_keeps_the_members_and_refuses_a_taken_name(world, group, start):
    enrollment = start()
    service.add_to_group(actor=world.practitioner, group=group, enrollments=[enrollment])
    service.create_group(actor=world.practitioner, unit=world.unit, name="Väntar på bedömning")
    with pytest.raises(ValidationError):
        service.rename_group(actor=world.practitioner, group=group, name="väntar på bedömning")
    service.rename_group(actor=world.citizen_admin, group=group, name="Grupp höst 2027")
    group.refresh_from_db()
    assert (group.name, _members(group)) == ("Grupp höst 2027", {enrollment.pk})


def test_adding_is_idempotent_logged_and_refuses_another_units_enrollment(
    world, group, start, other_unit_release
):
    mine = start()
    added = service.add_to_group(actor=world.practitioner, group=group, enrollments=[mine])
    again = service.add_to_group(actor=world.practitioner, group=group, enrollments=[mine])
    assert (added, again) == ([mine], [])
    assert AccessEvent.objects.filter(action="care.group_add", enrollment_id=mine.pk).count() == 1
    elsewhere = start(
        unit=world.other_unit,
        practitioner=world.other_unit_practitioner,
        actor=world.other_unit_practitioner,
    )
    with pytest.raises(ValidationError):
        service.add_to_group(actor=world.practitioner, group=group, enrollments=[elsewhere])
    assert _members(group) == {mine.pk}


def test_removing_a_group_leaves_its_enrollments(world, group, start):
    enrollment = start()
    service.add_to_group(actor=world.practitioner, group=group, enrollments=[enrollment])
    service.delete_group(actor=world.citizen_admin, group=group)
    assert not EnrollmentGroup.objects.exists()
    assert not GroupMembership.objects.exists()
    enrollment.refresh_from_db()
    assert enrollment.phase == "treatment"


def test_hantera_sets_the_enrollments_groups(world, group, start, login):
    enrollment = start()
    waiting = service.create_group(actor=world.practitioner, unit=world.unit, name="Väntar")
    client = login(world.practitioner)
    page = client.get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert "Grupp vår 2027" in page.content.decode()
    url = reverse("clinic:enrollment_groups", args=[enrollment.pk])
    client.post(url, {"groups-groups": [group.pk, waiting.pk]})
    assert set(service.choices_for(enrollment)[1]) == {group.pk, waiting.pk}
    client.post(url, {"groups-groups": [waiting.pk]})
    assert service.choices_for(enrollment)[1] == [waiting.pk]
    assert AccessEvent.objects.filter(action="care.group_remove", enrollment_id=enrollment.pk)


def test_the_lists_add_ticked_rows_and_go_back(world, group, start, login):
    first, second = start(), start(citizen=CitizenFactory())
    client = login(world.practitioner)
    back = reverse("clinic:my_enrollments") + "?page=1"
    response = client.post(
        reverse("clinic:group_add"),
        {"group": group.pk, "enrollment": [first.pk, second.pk], "next": back},
    )
    assert response["Location"] == back
    assert _members(group) == {first.pk, second.pk}


def test_a_next_elsewhere_is_not_followed(world, group, start, login):
    response = login(world.practitioner).post(
        reverse("clinic:group_add"),
        {"group": group.pk, "enrollment": [start().pk], "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("clinic:unit_enrollments")


def test_nonsense_ids_are_a_message_not_a_500(world, group, login):
    client = login(world.practitioner)
    response = client.post(
        reverse("clinic:group_add"), {"group": group.pk, "enrollment": ["1e9", "²"]}, follow=True
    )
    assert response.status_code == 200
    assert "Choose enrollments from the list" in response.content.decode() or (
        "Välj moment i listan" in response.content.decode()
    )


def test_mina_and_alla_filter_by_group(world, group, start, login):
    inside, outside = start(), start(citizen=CitizenFactory(last_name="Utanför"))
    service.add_to_group(actor=world.practitioner, group=group, enrollments=[inside])
    client = login(world.practitioner)
    for name in ("clinic:my_enrollments", "clinic:unit_enrollments"):
        response = client.get(reverse(name), {"group": group.pk})
        shown = [row.pk for row in response.context["page"]]
        assert shown == [inside.pk], name
    assert outside.pk in [
        r.pk for r in client.get(reverse("clinic:unit_enrollments")).context["page"]
    ]


def test_another_units_group_is_not_found(world, login):
    theirs = service.create_group(
        actor=world.other_unit_practitioner, unit=world.other_unit, name="Deras"
    )
    client = login(world.practitioner)
    assert client.get(reverse("clinic:group", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("clinic:group_delete", args=[theirs.pk])).status_code == 404
    assert EnrollmentGroup.objects.filter(pk=theirs.pk).exists()


def test_a_handover_leaves_the_sending_units_groups(world, group, start, other_unit_release):
    from stegvis.care.services.handover import approve_handover, start_handover
    from stegvis.organisation.models import Role
    from tests.factories import StaffFactory, assign

    enrollment = start()
    service.add_to_group(actor=world.practitioner, group=group, enrollments=[enrollment])
    handover = start_handover(
        actor=world.practitioner, enrollment=enrollment, to_unit=world.other_unit, consent=True
    )
    admin = assign(StaffFactory(), world.other_unit, Role.CITIZEN_ADMIN)
    approve_handover(actor=admin, handover=handover, practitioner=world.other_unit_practitioner)
    assert _members(group) == set()


# Pages and query counts -----------------------------------------------------------------------


def test_creating_a_group_from_the_page(world, login):
    client = login(world.citizen_admin)
    response = client.post(reverse("clinic:groups"), {"name": "Väntar på bedömning"})
    group = EnrollmentGroup.objects.get()
    assert response["Location"] == reverse("clinic:group", args=[group.pk])
    taken = client.post(reverse("clinic:groups"), {"name": "väntar på bedömning"})
    assert taken.status_code == 400


def _grow(world, start, group, n):
    for _ in range(n):
        enrollment = start(citizen=CitizenFactory())
        service.add_to_group(actor=world.practitioner, group=group, enrollments=[enrollment])
        service.create_group(actor=world.practitioner, unit=world.unit, name=f"G{enrollment.pk}")


def test_the_group_list_runs_a_constant_number_of_queries(world, group, start, login):
    _grow(world, start, group, 1)
    client = login(world.practitioner)
    # Session, user, MFA, roles, workplace unit; the groups with their
    # member counts; the menu's log reviewer check.
    assert_page_queries(
        client, reverse("clinic:groups"), 7, grow=lambda: _grow(world, start, group, 5)
    )


def test_a_groups_page_runs_a_constant_number_of_queries(world, group, start, login):
    _grow(world, start, group, 1)
    client = login(world.practitioner)
    # Session, user, MFA, roles, workplace unit; the group; the
    # paginator's count; the page's ids; the rows; their flags; their groups; the access-log
    # event and the citizens it names (a compact list read: two inserts); the menu's log
    # reviewer check.
    url = reverse("clinic:group", args=[group.pk])
    assert_page_queries(client, url, 14, grow=lambda: _grow(world, start, group, 5))


def test_mina_filtered_by_group_runs_the_same_queries(world, group, start, login):
    _grow(world, start, group, 1)
    client = login(world.practitioner)
    url = reverse("clinic:my_enrollments")
    assert_page_queries(
        client, url, 14, grow=lambda: _grow(world, start, group, 5), data={"group": group.pk}
    )


def test_the_message_page_runs_a_constant_number_of_queries(world, group, start, login):
    _grow(world, start, group, 1)
    client = login(world.practitioner)
    # Session, user, MFA, roles, workplace unit; the group; the
    # templates' existence; the recipients; the access-log event and the citizens it names
    # (two inserts); the menu's rules (3).
    url = reverse("clinic:group_message", args=[group.pk])
    assert_page_queries(client, url, 11, grow=lambda: _grow(world, start, group, 5))


# A message to the group -----------------------------------------------------------------------


def test_one_message_per_enrollment_with_the_placeholders_filled(world, group, start):
    anna = start(citizen=CitizenFactory(first_name="Anna"))
    bo = start(citizen=CitizenFactory(first_name="Bo"))
    service.add_to_group(actor=world.practitioner, group=group, enrollments=[anna, bo])
    result = send_group_message(actor=world.practitioner, group=group, body="Hej {förnamn}!")
    assert {e.pk for e in result.sent} == {anna.pk, bo.pk} and not result.failed
    assert Message.objects.get(enrollment=anna).body == "Hej Anna!"
    assert Message.objects.get(enrollment=bo).body == "Hej Bo!"


def test_a_closed_enrollment_is_reported_and_the_others_still_get_it(world, group, start, login):
    running = start()
    closed = start(citizen=CitizenFactory(first_name="Stängd"))
    change_phase(actor=world.practitioner, enrollment=closed, phase="closed", reason="Klar")
    service.add_to_group(actor=world.practitioner, group=group, enrollments=[running, closed])
    client = login(world.practitioner)
    response = client.post(
        reverse("clinic:group_message", args=[group.pk]), {"body": "Välkomna"}, follow=True
    )
    body = response.content.decode()
    assert Message.objects.filter(enrollment=running).count() == 1
    assert not Message.objects.filter(enrollment=closed).exists()
    assert closed.citizen.get_full_name() in body
    assert "1" in body


def test_an_unknown_placeholder_or_an_empty_group_is_refused(world, group, start, login):
    client = login(world.practitioner)
    url = reverse("clinic:group_message", args=[group.pk])
    assert client.post(url, {"body": "Hej"}).status_code == 400
    service.add_to_group(actor=world.practitioner, group=group, enrollments=[start()])
    response = client.post(url, {"body": "Hej {namn}"})
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_a_citizen_admin_cannot_write_to_a_group(world, group, login):
    client = login(world.citizen_admin)
    assert client.get(reverse("clinic:group_message", args=[group.pk])).status_code == 403
