"""The demo region as test data: every persona, programs and enrollments with real content."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from stegvis.demo import personas
from stegvis.demo.loader import load_demo
from stegvis.organisation.models import User
from tests.hardening.crawl import crawl, parse
from tests.plugins.world import rolled_back_afterwards, the_test_audit_key
from tests.signin import sign_in as complete_sign_in

# Personas whose pages the hardening crawls visit: every kind of staff member and citizen.
STAFF_KEYS = ["behandlare", "invanaradmin", "dataadmin", "behorighet", "vgadmin", "trio"]
CITIZEN_KEYS = ["invanare", "vardnadshavare"]  # a citizen, and a guardian (relative)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def _demo_loaded_once(_shared_world, django_db_blocker) -> dict[str, int]:
    """Load the demo once per module (not per test); every test sees it and rolls back its own
    changes, and it is rolled back after the module."""
    with rolled_back_afterwards(django_db_blocker):
        with django_db_blocker.unblock(), the_test_audit_key():
            load_demo()
            emails = {p.key: p.email for p in [*personas.STAFF, *personas.CITIZENS]}
            pks = dict(User.objects.filter(email__in=emails.values()).values_list("email", "pk"))
        yield {key: pks[email] for key, email in emails.items()}


@pytest.fixture
def demo(_demo_loaded_once, db) -> dict[str, User]:
    users = User.objects.in_bulk(_demo_loaded_once.values())
    return {key: users[pk] for key, pk in _demo_loaded_once.items()}


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
