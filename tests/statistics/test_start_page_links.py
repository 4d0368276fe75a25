"""The start page leads a data admin to the statistics, and an authorised one to exports."""

import pytest
from django.urls import reverse

from tests.statistics.research_fixtures import authorised_data_admin  # noqa: F401

pytestmark = pytest.mark.django_db

START = reverse("clinic:start")
USAGE = reverse("clinic:statistics_usage")
OUTCOMES = reverse("clinic:statistics_outcomes")
EXPORTS = reverse("clinic:research_exports")


def _links(response) -> list[str]:
    return [href for href in (USAGE, OUTCOMES, EXPORTS) if f'href="{href}"' in response.text]


def test_a_data_admin_finds_usage_and_outcomes_but_not_exports(world, login):
    assert _links(login(world.data_admin).get(START)) == [USAGE, OUTCOMES]


def test_an_authorised_data_admin_also_finds_the_research_exports(
    world,
    login,
    authorised_data_admin,  # noqa: F811
):
    assert _links(login(authorised_data_admin).get(START)) == [USAGE, OUTCOMES, EXPORTS]


def test_a_practitioner_finds_no_statistics(world, login):
    assert _links(login(world.practitioner).get(START)) == []
