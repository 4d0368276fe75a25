import pytest

from tests.documents import module, program_document, section, step


def minimal_document(key: str = "testprogram", major: int = 1, minor: int = 0) -> dict:
    first_step = step(
        "st1",
        "Steg 1",
        {"type": "text", "html": "<p>Hej</p>"},
        {"type": "questionnaire", "key": "q1", "questionnaire": "phq9"},
    )
    return program_document(
        key,
        "Testprogram",
        [module("m1", "Modul 1", {"rule": "at_start"}, section("s1", "Avsnitt 1", first_step))],
        major=major,
        minor=minor,
    )


@pytest.fixture
def document() -> dict:
    return minimal_document()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Media files written by releases land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
