"""Small definitions to test the rules on, built fresh for each test."""

import copy

import pytest

from stegvis.instruments.definition import load_definition
from stegvis.instruments.library import builtin


def t(word: str) -> dict[str, str]:
    return {"sv": f"{word} (sv)", "en": word}


def options(*scores, start_code: int = 0) -> list[dict]:
    return [
        {"code": str(start_code + i), "label": t(f"option {i}"), "score": s}
        for i, s in enumerate(scores)
    ]


MINI = {
    "key": "mini",
    "version": "1",
    "title": t("Mini"),
    "items": [
        {
            "linkId": "a",
            "type": "choice",
            "text": t("A"),
            "required": True,
            "options": options(0, 1, 2, 3),
        },
        {
            "linkId": "b",
            "type": "choice",
            "text": t("B"),
            "required": True,
            "options": options(0, 1, 2, 3),
        },
        {"linkId": "c", "type": "integer", "text": t("C"), "min": 0, "max": 10},
    ],
    "scoring": {
        "total": {
            "id": "total",
            "label": t("Total"),
            "items": ["a", "b"],
            "method": "sum",
            "missing": {"rule": "invalid"},
            "bands": [
                {"min": 0, "max": 2, "code": "low", "label": t("Low"), "level": 0},
                {"min": 3, "max": 6, "code": "high", "label": t("High"), "level": 1},
            ],
        },
    },
}


@pytest.fixture
def mini() -> dict:
    """The JSON form of a small valid definition, to change in a test."""
    return copy.deepcopy(MINI)


@pytest.fixture
def mini_definition(mini):
    return load_definition(mini)


@pytest.fixture
def phq9():
    return builtin("phq9")


@pytest.fixture
def gad7():
    return builtin("gad7")


@pytest.fixture
def madrs():
    return builtin("madrs-s")


@pytest.fixture
def eq5d():
    return builtin("eq5d5l")


@pytest.fixture(autouse=True)
def _fresh_definition_cache():
    """Each test has its own database, so it starts without definitions loaded by another."""
    from stegvis.instruments import services

    services._LOADED.clear()
    yield
    services._LOADED.clear()
