"""The demo region as test data: every persona, programs and enrollments with real content."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from stegvis.organisation.models import User
from tests.hardening.crawl import crawl, parse
from tests.signin import sign_in as complete_sign_in

# Personas whose pages the hardening crawls visit: every kind of staff member and citizen.
STAFF_KEYS = ["behandlare", "invanaradmin", "dataadmin", "behorighet", "vgadmin", "trio"]
CITIZEN_KEYS = ["invanare", "vardnadshavare"]  # a citizen, and a guardian (relative)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(demo_users) -> dict[str, User]:
    """The demo's personas (the demo is loaded once per module: tests/plugins/demo.py)."""
    return demo_users


@pytest.fixture
def sign_in(client):
    """Sign `user` in; staff who work at several units pick their first workplace."""

    def _sign_in(user: User | None):
        client.logout()
        if user is not None:
            complete_sign_in(client, user)
            if user.is_care_staff:
                choose_first_workplace(client)
        return client

    return _sign_in


def choose_first_workplace(client) -> None:
    page = client.get(reverse("clinic:workplace"))
    if page.status_code != 200:
        return
    _, forms = parse(reverse("clinic:workplace"), page.content.decode())
    for form in forms:
        choices = [f for f in form.fields if f.name == "workplace"]
        if choices:
            value = choices[0].value or choices[0].options[0]
            client.post(form.action, {"workplace": value})
            return


def crawl_as(client, user: User | None) -> list:
    """Every page the persona reaches from the start page (and, anonymous, from sign-in)."""
    start = ["/"] if user is not None else ["/", reverse("account_login")]
    return crawl(client, start, per_pattern=3)
