import pytest

from stegvis.instruments.library import builtin_data


def minimal_document(key: str = "testprogram", major: int = 1, minor: int = 0) -> dict:
    return {
        "schema": "stegvis-program/1",
        "program": {"key": key, "name": "Testprogram", "developed_by": "Region Test"},
        "version": {"major": major, "minor": minor},
        "modules": [
            {
                "key": "m1",
                "title": "Modul 1",
                "opening": {"rule": "at_start"},
                "sections": [
                    {
                        "key": "s1",
                        "title": "Avsnitt 1",
                        "steps": [
                            {
                                "key": "st1",
                                "title": "Steg 1",
                                "blocks": [
                                    {"type": "text", "html": "<p>Hej</p>"},
                                    {"type": "questionnaire", "key": "q1", "questionnaire": "phq9"},
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "questionnaires": {"phq9": builtin_data("phq9")},
        "schedules": [{"questionnaire": "phq9", "when": "every_n_days", "days": 7}],
        "flags": [{"questionnaire": "phq9", "alert_level": "prioritised", "flag": "red"}],
    }


@pytest.fixture
def document() -> dict:
    return minimal_document()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Media files written by releases land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
