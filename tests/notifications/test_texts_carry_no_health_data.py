"""Every kind, on every channel, says only that something is new and where to sign in."""

import re

import pytest
from django.conf import settings

from stegvis.notifications.kinds import Kind
from stegvis.notifications.models import Channel
from stegvis.notifications.texts import render

# What must never appear: the test world's names, programs, units, scores, message text.
FORBIDDEN = [
    "Tolvan",
    "Tolvansson",
    "Depressionshjälpen",
    "depression",
    "nedstämdhet",
    "Psykiatri",
    "PHQ",
    "MADRS",
    "GAD",
    "poäng",
    "score",
    "Jag mår dåligt",
    "197001",
    "diagnos",
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("channel", Channel.values)
@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_renders_without_health_data(kind, channel, language):
    text = render(
        kind,
        channel,
        language=language,
        code="123456",
        unit_counts=[("SE2321000065-U0001", 3, 1)],
    )
    rendered = f"{text.subject}\n{text.body}"
    assert text.body.strip(), f"{kind} has no text"
    for word in FORBIDDEN:
        assert word.lower() not in rendered.lower(), (kind, channel, word)
    # The only numbers are the site address, a verification code and the digest's counts.
    if kind != Kind.VERIFICATION_CODE:
        assert settings.SITE_URL in rendered
    if kind not in (Kind.VERIFICATION_CODE, Kind.STAFF_DIGEST):
        assert not re.search(r"\d", rendered.replace(settings.SITE_URL, ""))


def test_every_kind_has_its_own_text():
    from stegvis.notifications.texts import LINES

    missing = [kind for kind in Kind if kind not in LINES and kind != Kind.VERIFICATION_CODE]
    assert missing == [], "add a text in stegvis/notifications/texts.py for every new Kind"


def test_texts_are_in_swedish_by_default():
    text = render(Kind.NEW_MESSAGE, Channel.SMS)
    assert "meddelande" in text.body.lower()


def test_an_sms_fits_in_one_or_two_messages():
    for kind in Kind:
        text = render(kind, Channel.SMS, code="123456", unit_counts=[("SE1", 1, 1)])
        if kind != Kind.STAFF_DIGEST:
            assert len(text.body) <= 306, kind
