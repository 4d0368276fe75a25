"""Who may open the log review pages: provider admins and the staff they permit, nobody else."""

import pytest
from django.urls import reverse

from stegvis.audit.models import LogReviewer

REVIEW_URLS = ["clinic:access_log", "clinic:access_log_export", "clinic:access_log_patterns"]
NOT_REVIEWERS = [
    "access_admin",
    "citizen_admin",
    "data_admin",
    "designer",
    "foreign_staff",
    "inactivated_staff",
    "other_unit_practitioner",
    "citizen",
    "other_citizen",
]


def _refused(response) -> bool:
    # Staff without any current role have no workplace: the guard sends them to choose one.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("clinic:workplace")
    )


@pytest.mark.parametrize("name", REVIEW_URLS)
def test_the_provider_admin_may_review(world, login, name):
    assert login(world.provider_admin).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", REVIEW_URLS)
def test_a_permitted_reviewer_may_review(world, login, reviewer, name):
    assert login(reviewer).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", REVIEW_URLS)
def test_a_reviewer_whose_grant_ended_may_not(world, login, ended_reviewer, name):
    assert login(ended_reviewer).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", REVIEW_URLS)
@pytest.mark.parametrize("persona", [*NOT_REVIEWERS, "practitioner"])
def test_staff_without_a_grant_and_citizens_may_not(world, login, persona, name):
    assert _refused(login(world.persona(persona)).get(reverse(name)))


def test_a_reviewer_who_no_longer_works_for_the_provider_may_not(world, login):
    LogReviewer.objects.create(
        provider=world.provider, staff=world.inactivated_staff, granted_by=world.provider_admin
    )
    assert _refused(login(world.inactivated_staff).get(reverse("clinic:access_log")))


@pytest.mark.parametrize("name", [*REVIEW_URLS, "clinic:access_log_reviewers"])
def test_anonymous_visitors_are_sent_to_sign_in(world, login, name):
    response = login(None).get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_only_the_provider_admin_manages_reviewers(world, login, reviewer):
    url = reverse("clinic:access_log_reviewers")
    assert login(world.provider_admin).get(url).status_code == 200
    assert login(reviewer).get(url).status_code == 403
    for persona in NOT_REVIEWERS:
        assert _refused(login(world.persona(persona)).get(url)), persona


def test_another_providers_admin_sees_none_of_our_events(world, login, other_admin, read):
    read()
    response = login(other_admin).get(reverse("clinic:access_log"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert world.citizen.get_full_name() not in response.content.decode()
    export = login(other_admin).get(reverse("clinic:access_log_export"))
    assert world.citizen.personnummer not in b"".join(export.streaming_content).decode()


def test_the_nav_shows_the_access_log_to_reviewers_only(world, login, reviewer):
    url = reverse("clinic:access_log")
    assert url in login(world.provider_admin).get(reverse("clinic:start")).content.decode()
    assert url in login(reviewer).get(reverse("clinic:start")).content.decode()
    assert url not in login(world.access_admin).get(reverse("clinic:start")).content.decode()
