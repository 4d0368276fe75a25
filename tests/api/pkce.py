"""The authorization code flow with PKCE, as a citizen's app runs it (test client or requests)."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlparse

REDIRECT = "https://app.example/callback"


def challenge() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


def authorize_url(client_id: str, code_challenge: str, scope: str = "patient/*.read") -> str:
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "s1",
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    return "/oauth/authorize/?" + urlencode(query)


def allow_form(client_id: str, code_challenge: str, scope: str = "patient/*.read") -> dict:
    return {
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": scope,
        "state": "s1",
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
        "allow": "Authorize",
    }


def code_from(location: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}


def token_form(client_id: str, code: str, verifier: str) -> dict:
    return {
        "grant_type": "authorization_code",
        "client_id": client_id,
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
    }
