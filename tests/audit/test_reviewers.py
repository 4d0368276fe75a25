"""The provider admin permits staff to review the log and ends it; both are recorded."""

from stegvis.audit.models import AccessEvent, LogReviewer

URL = "/clinic/access-log/reviewers/"


def test_the_provider_admin_permits_a_staff_member_by_hsa_id(world, login):
    client = login(world.provider_admin)
    response = client.post(URL, {"hsa_id": world.data_admin.hsa_id})
    assert response.status_code == 302
    grant = LogReviewer.objects.get()
    assert (grant.staff, grant.granted_by, grant.ended_at) == (
        world.data_admin,
        world.provider_admin,
        None,
    )
    event = AccessEvent.objects.get(action="audit.reviewer_grant")
    assert event.target_id == str(grant.pk)
    assert event.provider_id == world.provider.pk
    assert login(world.data_admin).get("/clinic/access-log/").status_code == 200


def test_staff_of_another_provider_cannot_be_permitted(world, login):
    response = login(world.provider_admin).post(URL, {"hsa_id": world.foreign_staff.hsa_id})
    assert response.status_code == 200
    assert response.context["form"].errors["hsa_id"]
    assert not LogReviewer.objects.exists()


def test_an_unknown_hsa_id_is_explained_and_kept(world, login):
    response = login(world.provider_admin).post(URL, {"hsa_id": "SE2321000065-NOPE"})
    assert response.status_code == 200
    assert response.context["form"].errors["hsa_id"]
    assert "SE2321000065-NOPE" in response.content.decode()


def test_a_second_grant_for_the_same_person_is_refused(world, login, reviewer):
    response = login(world.provider_admin).post(URL, {"hsa_id": reviewer.hsa_id})
    assert response.status_code == 200
    assert LogReviewer.objects.count() == 1


def test_ending_a_grant_keeps_it_and_is_recorded(world, login, reviewer):
    grant = LogReviewer.objects.get()
    response = login(world.provider_admin).post(f"{URL}{grant.pk}/end/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.ended_at is not None and grant.ended_by == world.provider_admin
    assert AccessEvent.objects.filter(action="audit.reviewer_end").count() == 1
    assert login(reviewer).get("/clinic/access-log/").status_code == 403


def test_another_providers_admin_cannot_end_our_grants(world, login, reviewer, other_admin):
    grant = LogReviewer.objects.get()
    assert login(other_admin).post(f"{URL}{grant.pk}/end/").status_code == 404
    grant.refresh_from_db()
    assert grant.ended_at is None


def test_a_reviewer_cannot_end_grants(world, login, reviewer):
    grant = LogReviewer.objects.get()
    assert login(reviewer).post(f"{URL}{grant.pk}/end/").status_code == 403


def test_ending_needs_a_post(world, login, reviewer):
    grant = LogReviewer.objects.get()
    assert login(world.provider_admin).get(f"{URL}{grant.pk}/end/").status_code == 405
