"""Saving in the design tool is whole or nothing, so a busy database cannot leave half a page.

On SQLite a save that met "database is locked" half-way used to leave the new page behind
(Wagtail saves the page, its revision and the subscription in separate commits); the editor
stayed on "new page" and the next Submit answered "Another program of this provider has this
key". Each unsafe request to /design/ is now one transaction.
"""

import pytest
from django.db import OperationalError
from django.urls import reverse
from wagtail.models import PageSubscription

from stegvis.design.models import ProgramPage


def _new_program(**extra):
    return {
        "title": "Sömnskolan",
        "slug": "somnskolan",
        "program_key": "somnskolan",
        "mode": "practitioner_led",
        "schedules-count": "0",
        "flag_rules-count": "0",
        **extra,
    }


@pytest.fixture
def locked_once(monkeypatch):
    """The first subscription save of a new page meets "database is locked"."""
    save = PageSubscription.save
    calls = []

    def save_or_fail(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(PageSubscription, "save", save_or_fail)
    return calls


def test_a_save_that_meets_a_locked_database_leaves_nothing_behind(design, login, locked_once):
    client = login(design.designer)
    add = reverse("wagtailadmin_pages:add", args=["design", "programpage", design.root.pk])

    autosave = client.post(add, _new_program(), headers={"accept": "application/json"})

    assert autosave.status_code == 503
    assert not ProgramPage.objects.filter(program_key="somnskolan").exists()

    submit = client.post(add, _new_program())

    assert submit.status_code == 302, submit.context["form"].errors
    assert ProgramPage.objects.filter(program_key="somnskolan").count() == 1


def test_autosave_then_submit_on_a_new_page_saves_one_page(design, login):
    client = login(design.designer)
    add = reverse("wagtailadmin_pages:add", args=["design", "programpage", design.root.pk])

    autosaved = client.post(add, _new_program(), headers={"accept": "application/json"})
    assert autosaved.json()["success"] is True, autosaved.json()
    submit = client.post(autosaved.json()["url"], _new_program(title="Sömnskolan 2"))

    assert submit.status_code == 302, submit.context["form"].errors
    assert ProgramPage.objects.filter(program_key="somnskolan").count() == 1
