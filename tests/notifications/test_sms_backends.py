"""The SMS backends: 46elks over HTTP (mocked), the file outbox, the choice by settings."""

import json

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured

from stegvis.notifications.sms import SmsError, get_backend
from stegvis.notifications.sms.elks import ElksSmsBackend

ELKS = "stegvis.notifications.sms.elks.ElksSmsBackend"


class FakeResponse:
    def __init__(self, status_code: int, payload: dict | None = None):
        self.status_code = status_code
        self._payload = payload or {}

    def json(self):
        return self._payload


@pytest.fixture
def elks(settings):
    settings.ELKS_API_USERNAME = "u123"
    settings.ELKS_API_PASSWORD = "secret"
    settings.SMS_SENDER = "Stegvis"
    return get_backend(ELKS)


def test_46elks_posts_from_to_message_with_basic_auth(elks, monkeypatch):
    calls = []

    def fake_post(url, **kwargs):
        calls.append((url, kwargs))
        return FakeResponse(200, {"id": "s70df59406a1b4643b96f3f91e0bfb7b0"})

    monkeypatch.setattr(requests, "post", fake_post)
    assert elks.send("+46701740605", "Hej") == "s70df59406a1b4643b96f3f91e0bfb7b0"
    ((url, kwargs),) = calls
    assert url == "https://api.46elks.com/a1/sms"
    assert kwargs["auth"] == ("u123", "secret")
    assert kwargs["data"] == {"from": "Stegvis", "to": "+46701740605", "message": "Hej"}
    assert kwargs["timeout"]


def test_46elks_refusal_raises_with_the_status_only(elks, monkeypatch):
    monkeypatch.setattr(requests, "post", lambda url, **kw: FakeResponse(403))
    with pytest.raises(SmsError) as error:
        elks.send("+46701740605", "Hej")
    assert error.value.code == "HTTP 403"


def test_46elks_network_errors_do_not_leak_the_number(elks, monkeypatch):
    def broken(url, **kwargs):
        raise requests.ConnectionError(f"cannot reach {url} for +46701740605")

    monkeypatch.setattr(requests, "post", broken)
    with pytest.raises(SmsError) as error:
        elks.send("+46701740605", "Hej")
    assert "+4670" not in str(error.value) and error.value.code == "ConnectionError"


def test_46elks_needs_credentials(settings):
    settings.ELKS_API_USERNAME = ""
    with pytest.raises(ImproperlyConfigured):
        ElksSmsBackend()


def test_the_file_backend_appends_json_lines(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    backend = get_backend("stegvis.notifications.sms.file.FileSmsBackend")
    backend.send("+46701740605", "Ett", reference="1")
    backend.send("+46701740605", "Två", reference="2")
    lines = [json.loads(x) for x in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert [line["reference"] for line in lines] == ["1", "2"]
