"""Sign in through Stegvis's real forms, as a browser would: CSRF, password, then TOTP.

Each signed-in account becomes a `SignedIn` (its cookies), which the load generator's users
carry; nothing here bypasses a form or a check.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup

LOGIN_PATH = "/accounts/login/"
TOTP_PERIOD = 30
# allauth's sign-in limit (ACCOUNT_RATE_LIMITS "login": 30/m/ip): wait and try again.
RETRY_AFTER_LIMIT_SECONDS = 20
NOT_POSTED = {"submit", "button", "file", "image", "reset"}


class SignInFailed(RuntimeError):
    pass


@dataclass
class SignedIn:
    """One account's session after the sign-in forms, with what the run needs to know of it."""

    kind: str  # "staff" or "citizen"
    email: str
    cookies: dict[str, str]
    account: dict = field(default_factory=dict)


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 6 digits, 30 s), as an authenticator app shows it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // TOTP_PERIOD)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def form_fields(html: str, *, having: str = "", form_id: str = "") -> tuple[str, dict]:
    """The action and the fields a browser would post from a form (like FormData).

    Picks the form with the given id, else the first one with a field named `having`.
    """
    page = BeautifulSoup(html, "html.parser")
    if form_id:
        form = page.find("form", id=form_id)
    else:
        form = next(
            (f for f in page.find_all("form") if f.find(attrs={"name": having})),
            None,
        )
    if form is None:
        raise SignInFailed(f"No form with {form_id or having!r} on the page.")
    fields: dict[str, list[str]] = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        kind = (element.get("type") or "text").lower()
        if not name or element.has_attr("disabled") or kind in NOT_POSTED:
            continue
        if kind in ("checkbox", "radio") and not element.has_attr("checked"):
            continue
        if element.name == "textarea":
            value = element.text
        elif element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            value = chosen.get("value", chosen.text) if chosen else ""
        else:
            value = element.get("value", "on" if kind in ("checkbox", "radio") else "")
        fields.setdefault(name, []).append(value)
    return form.get("action") or "", fields


def _post_form(http: requests.Session, url: str, html: str, having: str, values: dict):
    action, fields = form_fields(html, having=having)
    fields.update({name: [value] for name, value in values.items()})
    target = urljoin(url, action or url)
    for _attempt in range(6):
        response = http.post(target, data=fields, headers={"Referer": url}, timeout=60)
        if response.status_code != 429:
            return response
        time.sleep(int(response.headers.get("Retry-After", RETRY_AFTER_LIMIT_SECONDS)))
    raise SignInFailed(f"{target} kept answering 429.")


def _password_step(http: requests.Session, base: str, email: str, password: str):
    page = http.get(base + LOGIN_PATH, timeout=60)
    page.raise_for_status()
    return _post_form(http, page.url, page.text, "login", {"login": email, "password": password})


def sign_in_staff(base: str, account: dict) -> SignedIn:
    """Password, then the TOTP code, then the account's unit (or provider) as the workplace."""
    http = requests.Session()
    after_password = _password_step(http, base, account["email"], account["password"])
    if "2fa" not in after_password.url:
        raise SignInFailed(f"{account['email']}: no second-factor step ({after_password.url}).")
    for _window in range(3):
        code = totp_code(account["totp_secret"])
        done = _post_form(http, after_password.url, after_password.text, "code", {"code": code})
        if "2fa" not in done.url:
            break
        # A code already used in this window is refused (replay): wait for the next one.
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 1)
        after_password = http.get(after_password.url, timeout=60)
    else:
        raise SignInFailed(f"{account['email']}: the TOTP code was refused.")
    workplace = workplace_choice(account)
    choice = http.get(base + "/clinic/workplace/", timeout=60)
    if choice.ok and workplace in choice.text:
        _post_form(http, choice.url, choice.text, "workplace", {"workplace": workplace})
    # A provider admin has no unit, so no care lists: the clinic's start page is theirs.
    home = "/clinic/care/" if account.get("unit_id") else "/clinic/"
    _check_signed_in(http, base + home, account["email"])
    return SignedIn("staff", account["email"], http.cookies.get_dict(), account)


def workplace_choice(account: dict) -> str:
    """The workplace choice's value: the account's unit, or its provider for a provider admin."""
    if account.get("unit_id"):
        return f"unit:{account['unit_id']}"
    return f"provider:{account['provider_id']}"


def sign_in_citizen(base: str, account: dict) -> SignedIn:
    """Password only (CITIZEN_PASSWORD_LOGIN), as the demo and the benchmark allow."""
    http = requests.Session()
    _password_step(http, base, account["email"], account["password"])
    _check_signed_in(http, base + "/portal/", account["email"])
    return SignedIn("citizen", account["email"], http.cookies.get_dict(), account)


def _check_signed_in(http: requests.Session, url: str, email: str) -> None:
    response = http.get(url, timeout=60, allow_redirects=False)
    if response.status_code != 200:
        raise SignInFailed(f"{email}: {url} answered {response.status_code} after signing in.")
