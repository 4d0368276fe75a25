"""Mina and Alla count a list only as far as they need: a unit of 220,000 enrollments costs what
one of 10,000 does, and a longer list says "more than"."""

import pytest
from django.urls import reverse

from stegvis.clinic import lists
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve(world, start):
    return [start(citizen=CitizenFactory()) for _ in range(12)]


def test_a_list_within_the_limit_is_counted_whole(world, twelve, login):
    response = login(world.citizen_admin).get(reverse("clinic:unit_enrollments"))
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.is_capped) == (12, False)


def test_a_longer_list_says_more_than(world, twelve, login, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_UP_TO", 4)
    monkeypatch.setattr("stegvis.clinic.views.care.PER_PAGE", 2)
    response = login(world.citizen_admin).get(reverse("clinic:unit_enrollments"))
    assert response.context["page"].paginator.is_capped
    assert "Sida 1 av fler än 2" in response.content.decode()
    # A page further on is counted as far as the page after it, so "next" is still there.
    response = login(world.citizen_admin).get(reverse("clinic:unit_enrollments"), {"page": 4})
    page = response.context["page"]
    assert (page.number, page.has_next(), page.paginator.is_capped) == (4, True, True)
    assert len(page.object_list) == 2
