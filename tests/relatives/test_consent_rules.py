"""Whose approval a relative's access needs (stegvis/relatives/consent.py, docs/relatives.md)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from stegvis.relatives.consent import age_of, birth_date, needs_citizen_approval

TODAY = dt.date(2026, 12, 2)


def born(years_ago: int, days: int = 0, samordning: bool = False):
    day = TODAY.replace(year=TODAY.year - years_ago) + dt.timedelta(days=days)
    dd = day.day + 60 if samordning else day.day
    return SimpleNamespace(personnummer=f"{day:%Y%m}{dd:02d}1234")


def test_the_age_is_counted_in_whole_years_from_the_personnummer():
    assert age_of(born(13), TODAY) == 13
    assert age_of(born(13, days=1), TODAY) == 12  # the birthday is tomorrow
    assert age_of(born(40, samordning=True), TODAY) == 40
    assert birth_date("not a number") is None
    assert age_of(SimpleNamespace(personnummer=""), TODAY) is None


@pytest.mark.parametrize("age", [3, 12, 13, 17, 18, 45])
def test_a_relative_always_needs_the_citizens_approval(age):
    assert needs_citizen_approval(born(age), "relative", TODAY)


@pytest.mark.parametrize(
    "age, needs", [(0, False), (12, False), (13, True), (15, True), (17, True), (18, True)]
)
def test_a_guardian_needs_approval_from_13_by_default(settings, age, needs):
    settings.RELATIVES_GUARDIAN_APPROVAL_FROM_AGE = 13
    assert needs_citizen_approval(born(age), "guardian", TODAY) is needs


@pytest.mark.parametrize("age, needs", [(12, False), (15, False), (16, True), (30, True)])
def test_the_region_may_ask_the_child_later(settings, age, needs):
    settings.RELATIVES_GUARDIAN_APPROVAL_FROM_AGE = 16
    assert needs_citizen_approval(born(age), "guardian", TODAY) is needs


def test_with_18_only_adults_approve_their_guardians(settings):
    settings.RELATIVES_GUARDIAN_APPROVAL_FROM_AGE = 18
    assert not needs_citizen_approval(born(17), "guardian", TODAY)
    assert needs_citizen_approval(born(18), "guardian", TODAY)


def test_without_a_readable_age_the_citizen_is_asked():
    assert needs_citizen_approval(SimpleNamespace(personnummer=""), "guardian", TODAY)


@pytest.mark.parametrize("value", [12, 19])
def test_a_setting_outside_13_to_18_is_a_configuration_error(settings, value):
    settings.RELATIVES_GUARDIAN_APPROVAL_FROM_AGE = value
    with pytest.raises(ImproperlyConfigured):
        needs_citizen_approval(born(15), "guardian", TODAY)
