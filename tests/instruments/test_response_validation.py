"""Answers are checked against the definition, with a message per item in sv and en."""

import pytest

from stegvis.instruments import messages as m
from stegvis.instruments.definition import load_definition
from stegvis.instruments.responses import (
    AnswerError,
    answers_from_plain,
    check_answers,
    drop_hidden_answers,
    shown_items,
)
from stegvis.instruments.scoring import score

from .conftest import options, t


@pytest.fixture
def form():
    return load_definition(
        {
            "key": "form",
            "version": "1",
            "title": t("Form"),
            "items": [
                {
                    "linkId": "smoke",
                    "type": "choice",
                    "text": t("Smoke?"),
                    "required": True,
                    "options": [
                        {"code": "yes", "label": t("Yes")},
                        {"code": "no", "label": t("No")},
                    ],
                },
                {
                    "linkId": "daily",
                    "type": "integer",
                    "text": t("How many a day?"),
                    "required": True,
                    "min": 1,
                    "max": 80,
                    "enableWhen": [{"item": "smoke", "operator": "=", "value": "yes"}],
                },
                {
                    "linkId": "kinds",
                    "type": "multichoice",
                    "text": t("Kinds"),
                    "options": options(0, 1, 2),
                },
                {"linkId": "weight", "type": "decimal", "text": t("Weight"), "min": 20, "max": 300},
                {"linkId": "vas", "type": "slider", "text": t("VAS")},
                {"linkId": "note", "type": "text", "text": t("Note")},
                {"linkId": "when", "type": "date", "text": t("When")},
                {"linkId": "info", "type": "display", "text": t("Info")},
                {
                    "linkId": "grp",
                    "type": "group",
                    "text": t("Group"),
                    "enableWhen": [{"item": "smoke", "operator": "=", "value": "no"}],
                    "items": [
                        {"linkId": "quit", "type": "date", "text": t("Quit date"), "required": True}
                    ],
                },
            ],
        }
    )


def errors(form, answers, complete=False):
    return check_answers(form, answers, complete=complete).errors


def test_a_partial_response_may_leave_required_items_open(form):
    check = check_answers(form, {"smoke": "yes"})
    assert check.ok
    assert not check.complete
    assert check.unanswered == ("daily",)


def test_a_complete_response_needs_every_shown_required_item(form):
    assert errors(form, {"smoke": "yes"}, complete=True) == {"daily": m.REQUIRED}
    assert errors(form, {}, complete=True) == {"smoke": m.REQUIRED}


def test_an_item_hidden_by_its_condition_is_not_required(form):
    assert check_answers(form, {"smoke": "no", "quit": "2024-01-31"}, complete=True).complete


def test_an_answer_to_a_hidden_item_is_refused(form):
    assert errors(form, {"smoke": "no", "daily": 10, "quit": "2024-01-31"}) == {
        "daily": m.NOT_SHOWN
    }


def test_items_in_a_hidden_group_are_hidden_too(form):
    assert errors(form, {"smoke": "yes", "daily": 5, "quit": "2024-01-31"}) == {"quit": m.NOT_SHOWN}
    assert errors(form, {"smoke": "no"}, complete=True) == {"quit": m.REQUIRED}


def test_a_choice_must_be_one_of_the_option_codes(form):
    assert errors(form, {"smoke": "maybe"}) == {"smoke": m.CHOOSE_ONE}
    assert errors(form, {"smoke": 1}) == {"smoke": m.CHOOSE_ONE}


def test_a_multiple_choice_is_a_list_of_distinct_option_codes(form):
    assert errors(form, {"kinds": ["0", "2"]}) == {}
    assert errors(form, {"kinds": ["0", "0"]}) == {"kinds": m.CHOOSE_MANY}
    assert errors(form, {"kinds": "0"}) == {"kinds": m.CHOOSE_MANY}
    assert errors(form, {"kinds": ["7"]}) == {"kinds": m.CHOOSE_MANY}


def test_an_integer_must_be_whole_and_within_its_range(form):
    assert errors(form, {"smoke": "yes", "daily": 2.5}) == {"daily": m.WHOLE_NUMBER}
    assert errors(form, {"smoke": "yes", "daily": True}) == {"daily": m.WHOLE_NUMBER}
    assert errors(form, {"smoke": "yes", "daily": "5"}) == {"daily": m.WHOLE_NUMBER}
    message = errors(form, {"smoke": "yes", "daily": 81})["daily"]
    assert message == {"sv": "Ange ett värde från 1 till 80.", "en": "Enter a value from 1 to 80."}


def test_a_decimal_may_have_decimals_but_must_be_within_range(form):
    assert errors(form, {"weight": 72.5}) == {}
    assert errors(form, {"weight": 10}) == {"weight": m.between(20, 300)}
    assert errors(form, {"weight": float("nan")}) == {"weight": m.NUMBER}


def test_a_slider_runs_from_0_to_100_by_default(form):
    assert errors(form, {"vas": 0}) == {}
    assert errors(form, {"vas": 100}) == {}
    assert errors(form, {"vas": 101}) == {"vas": m.between(0, 100)}


def test_a_date_must_be_a_real_calendar_date(form):
    assert errors(form, {"when": "2024-02-29"}) == {}
    assert errors(form, {"when": "2023-02-29"}) == {"when": m.DATE_EXPECTED}
    assert errors(form, {"when": "29/2/2024"}) == {"when": m.DATE_EXPECTED}


def test_a_text_answer_must_be_text(form):
    assert errors(form, {"note": 5}) == {"note": m.TEXT_EXPECTED}


def test_answers_to_unknown_items_or_display_items_are_refused(form):
    assert errors(form, {"nope": 1, "info": "x"}) == {
        "nope": m.UNKNOWN_ITEM,
        "info": m.NO_ANSWER_ITEM,
    }


def test_answers_that_are_not_an_object_are_refused(form):
    assert errors(form, ["smoke"]) == {"*": m.ANSWERS_NOT_OBJECT}


def test_blank_values_count_as_unanswered(form):
    check = check_answers(form, {"smoke": None, "note": "", "kinds": []})
    assert check.ok and check.unanswered == ("smoke",)


def test_every_message_is_in_swedish_and_english(form):
    found = errors(form, {"smoke": "x", "weight": 1, "when": "x", "zz": 1}, complete=True)
    assert found
    for message in found.values():
        assert set(message) == {"sv", "en"}


def test_scoring_refuses_invalid_answers_with_the_same_messages(phq9):
    with pytest.raises(AnswerError) as caught:
        score(phq9, {"1": "4"})
    assert caught.value.errors == {"1": m.CHOOSE_ONE}


def test_the_plain_format_gives_a_choice_by_its_score(phq9, eq5d):
    assert answers_from_plain(phq9, {"1": 3, "2": "2", "10": 1}) == {"1": "3", "2": "2", "10": "1"}
    assert answers_from_plain(eq5d, {"MO": 5, "VAS": 80}) == {"MO": "5", "VAS": 80}
    # A score that matches no option is passed on for check_answers to report.
    assert answers_from_plain(phq9, {"1": 7}) == {"1": 7}
    with pytest.raises(AnswerError):
        answers_from_plain(phq9, [1, 2])


def test_shown_items_follow_the_answers(form):
    assert "daily" not in shown_items(form, {})
    assert "daily" in shown_items(form, {"smoke": "yes"})
    assert "quit" in shown_items(form, {"smoke": "no"})


def test_hidden_answers_are_dropped_until_none_is_left(mini):
    # c depends on b, which depends on a: clearing a hides b, and then c.
    mini["items"][1]["enableWhen"] = [{"item": "a", "operator": "=", "value": "1"}]
    mini["items"][2]["enableWhen"] = [{"item": "b", "operator": "exists", "value": True}]
    mini["scoring"]["total"]["items"] = ["a"]
    mini["scoring"]["total"]["bands"] = []
    d = load_definition(mini)
    assert drop_hidden_answers(d, {"a": "0", "b": "1", "c": 3}) == {"a": "0"}
    assert drop_hidden_answers(d, {"a": "1", "b": "1", "c": 3}) == {"a": "1", "b": "1", "c": 3}
