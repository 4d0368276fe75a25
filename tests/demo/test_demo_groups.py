"""The demo's groups: Sara Holm's Mina can be filtered by "Grupp vår 2027" at once."""

from stegvis.care.models import EnrollmentGroup, GroupMembership
from stegvis.demo import personas
from stegvis.demo.groups import GROUPS, load_demo_groups


def test_the_practitioner_has_two_groups_and_her_running_enrollments_in_one(full_demo):
    unit_hsa = personas.UNITS["psych"][1]
    groups = EnrollmentGroup.objects.filter(unit__hsa_id=unit_hsa)
    assert sorted(groups.values_list("name", flat=True)) == sorted(GROUPS)
    members = GroupMembership.objects.filter(group__name=GROUPS[0], group__unit__hsa_id=unit_hsa)
    assert members.exists()
    assert all(
        m.enrollment.practitioner.email == f"behandlare@{personas.DOMAIN}"
        and not m.enrollment.is_training
        for m in members.select_related("enrollment__practitioner")
    )


def test_loading_the_groups_again_changes_nothing(full_demo):
    before = GroupMembership.objects.count(), EnrollmentGroup.objects.count()
    load_demo_groups()
    assert (GroupMembership.objects.count(), EnrollmentGroup.objects.count()) == before
