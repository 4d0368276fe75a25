"""Walk the authorization-code flow over HTTP: Stegvis through Django's test client, the test
IdP through `requests` (a real server in another process). Stegvis's callback then talks to
the IdP's token endpoint itself, as in production."""

import re
from html import unescape
from urllib.parse import urlsplit

import requests

from tests.idp.fixture import PASSWORD

_INPUT = re.compile(r"<input\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def form_fields(html: str) -> dict[str, str]:
    fields = {}
    for match in _INPUT.finditer(html):
        attrs = {name.lower(): unescape(value) for name, value in _ATTR.findall(match.group(1))}
        if attrs.get("type") in ("hidden", None) and "name" in attrs:
            fields[attrs["name"]] = attrs.get("value", "")
    return fields


def authorize_at_idp(authorize_url: str, username: str) -> str:
    """Sign in at the IdP and consent; return the callback URL the IdP redirects to."""
    idp = requests.Session()
    response = idp.get(authorize_url, allow_redirects=True, timeout=10)
    fields = form_fields(response.text)
    fields.update(username=username, password=PASSWORD)
    response = idp.post(response.url, data=fields, allow_redirects=True, timeout=10)
    consent = form_fields(response.text)
    consent["allow"] = "Authorize"
    response = idp.post(response.url, data=consent, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def start_sign_in(client, provider_id: str) -> str:
    response = client.post(f"/accounts/oidc/{provider_id}/login/")
    assert response.status_code == 302, response.status_code
    return response["Location"]


def sign_in_over_http(client, provider_id: str, username: str, *, tamper_state: bool = False):
    """The whole flow; returns Stegvis's answer to the IdP's callback."""
    callback = authorize_at_idp(start_sign_in(client, provider_id), username)
    parts = urlsplit(callback)
    query = parts.query
    if tamper_state:
        query = re.sub(r"state=([^&]*)", lambda m: "state=" + m.group(1)[::-1] + "x", query)
    return client.get(f"{parts.path}?{query}")
