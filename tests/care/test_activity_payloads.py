"""Every kind of due work has a typed payload, written and read in one place."""

import pytest

from stegvis.care.activities import (
    ActivityKind,
    Inactivity,
    OpenModule,
    Overdue,
    PayloadError,
    ScheduledQuestionnaire,
    payload_json,
    read_payload,
    read_payload_or_none,
)
from stegvis.care.models import Activity


@pytest.mark.parametrize(
    "payload",
    [
        OpenModule(module="sleep"),
        ScheduledQuestionnaire(schedule=0, n=2),
        ScheduledQuestionnaire(schedule=1, n="end"),
        Overdue(response=7),
        Inactivity(n=3),
    ],
)
def test_a_payload_reads_back_as_it_was_written(payload):
    kind, data = payload_json(payload)
    assert kind in ActivityKind.values
    assert read_payload(kind, data) == payload


def test_the_stored_json_keeps_its_keys():
    assert payload_json(ScheduledQuestionnaire(schedule=0, n=1)) == (
        "questionnaire",
        {"schedule": 0, "n": 1},
    )
    assert payload_json(OpenModule(module="m2")) == ("open_module", {"module": "m2"})


def test_a_payload_missing_a_required_field_is_refused():
    with pytest.raises(PayloadError):
        read_payload(ActivityKind.OPEN_MODULE, {})
    with pytest.raises(PayloadError):
        read_payload(ActivityKind.QUESTIONNAIRE, {"schedule": "x", "n": 1})
    assert read_payload_or_none("no_such_kind", {}) is None


def test_every_kind_has_a_payload_and_the_model_field_names_the_kinds():
    for kind in ActivityKind.values:
        assert read_payload_or_none(kind, {"module": "m", "schedule": 0, "n": 1}) is not None
    assert Activity._meta.get_field("kind").choices == ActivityKind.choices
