import datetime as dt

import pytest
from django.utils import timezone

from stegvis.care.models import DiaryEntry
from stegvis.care.services.diaries import add_diary_entry
from tests.portal.fixtures import open_module_now


@pytest.fixture
def diary(enrollment):
    open_module_now(enrollment, "m2")
    return enrollment


def add(world, enrollment, entry_date="2026-01-05", **values):
    return add_diary_entry(
        actor=world.citizen,
        enrollment=enrollment,
        diary_key="d1",
        entry_date=entry_date,
        values=values,
    )


def test_an_entry_is_stored_with_numbers_as_numbers(world, diary):
    result = add(world, diary, hours="7,5", note="Sov gott")

    assert result.ok
    assert DiaryEntry.objects.get().values == {"hours": 7.5, "note": "Sov gott"}


def test_a_number_field_refuses_words(world, diary):
    result = add(world, diary, hours="sju")

    assert set(result.errors) == {"hours"}
    assert not DiaryEntry.objects.exists()


def test_a_bad_date_is_named(world, diary):
    result = add(world, diary, entry_date="5 januari", hours="7")

    assert set(result.errors) == {"entry_date"}


def test_a_future_date_is_refused(world, diary):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    assert "entry_date" in add(world, diary, entry_date=tomorrow, hours="7").errors


def test_an_empty_entry_is_refused(world, diary):
    assert add(world, diary).errors


def test_a_diary_in_a_locked_module_is_refused(world, enrollment):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        add(world, enrollment, hours="7")
