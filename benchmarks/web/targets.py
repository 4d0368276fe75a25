"""The pages a run drives, each with one variant per signed-in account.

A target is plain data (JSON), read by the generated locustfile and by the query counter:

    {"name": "Hantera", "method": "GET", "expect": [200],
     "variants": [{"path": "/clinic/care/7/", "cookies": {...}, "body": ""}]}

POST bodies are the form a browser would send, taken from the page (CSRF token included).
"""

from __future__ import annotations

import re
import sys
from urllib.parse import urlencode, urljoin, urlsplit

import requests

from benchmarks.web.signin import SignedIn, SignInFailed, form_fields

PAGES = [
    "Mina",
    "Alla",
    "Hantera",
    "citizen home",
    "step page",
    "autosave (POST)",
    "message send (POST)",
    "statistics (unit)",
    "period (unit)",
    "outcomes (unit)",
    "statistics (provider)",
    "period (provider)",
    "period by week (provider)",
    "period by quarter (provider)",
    "outcomes (provider)",
]
MINA, ALLA = "/clinic/care/", "/clinic/care/all/"
# Användningsstatistik (now; the last twelve months by month, which the page loads after it)
# and Behandlingsresultat, as a data admin sees them for their unit and a provider admin for
# every unit of the provider.
USAGE, OUTCOMES = "/clinic/statistics/usage/", "/clinic/statistics/outcomes/"
PERIOD_PART = "/clinic/statistics/usage/period/part/"
# The outcomes page opens on its first program; the benchmark asks for the largest one when
# the page offers it (loadscale's Depressionshjälpen: 70 % of the enrollments, weekly PHQ-9).
OUTCOMES_PROGRAM = "depressionshjalpen"
ENROLLMENT_LINK = re.compile(r'href="(/clinic/care/(\d+)/)"')
HANTERA_PER_ACCOUNT = 3
# A page's POST is a form sent as autosave.js sends it.
FORM = {"Content-Type": "application/x-www-form-urlencoded", "X-Requested-With": "fetch"}
MESSAGE = "Hej! Ett meddelande från lasttestet (benchmarks/web)."


def _variant(path: str, who: SignedIn, body: str = "") -> dict:
    return {"path": path, "cookies": who.cookies, "body": body, "account": who.email}


def _get(base: str, who: SignedIn, path: str) -> requests.Response:
    response = requests.get(base + path, cookies=who.cookies, timeout=60, allow_redirects=False)
    response.raise_for_status()
    return response


def enrollment_paths(html: str, limit: int = HANTERA_PER_ACCOUNT) -> list[str]:
    """The first distinct Hantera links on a list page."""
    seen: list[str] = []
    for path, _pk in ENROLLMENT_LINK.findall(html):
        if path not in seen:
            seen.append(path)
    return seen[:limit]


def _posted(html: str, page_url: str, values: dict | None = None, **kwargs) -> tuple[str, str]:
    action, fields = form_fields(html, **kwargs)
    fields.pop("action", None)  # autosave.js drops the submit button's value too
    fields.update({name: [value] for name, value in (values or {}).items()})
    return urlsplit(urljoin(page_url, action)).path, urlencode(fields, doseq=True)


def _outcomes_path(base: str, who: SignedIn) -> str:
    page = _get(base, who, OUTCOMES)
    if f'value="{OUTCOMES_PROGRAM}"' in page.text:
        return f"{OUTCOMES}?{urlencode({'program': OUTCOMES_PROGRAM})}"
    return OUTCOMES


def _statistics(base: str, who: SignedIn, level: str) -> dict[str, list[dict]]:
    found = {
        f"statistics ({level})": [_variant(USAGE, who)],
        f"period ({level})": [_variant(PERIOD_PART, who)],
        f"outcomes ({level})": [_variant(_outcomes_path(base, who), who)],
    }
    if level == "provider":  # the largest scope, by the page's other groupings
        for group in ("week", "quarter"):
            path = f"{PERIOD_PART}?{urlencode({'group': group})}"
            found[f"period by {group} ({level})"] = [_variant(path, who)]
    return found


def staff_variants(base: str, who: SignedIn) -> dict[str, list[dict]]:
    roles = who.account.get("roles", [])
    if "provider_admin" in roles:
        return _statistics(base, who, "provider")
    alla = _get(base, who, ALLA)
    hantera = enrollment_paths(alla.text)
    variants = {
        "Mina": [_variant(MINA, who)],
        "Alla": [_variant(ALLA, who)],
        "Hantera": [_variant(path, who) for path in hantera],
    }
    if "data_admin" in roles:
        variants |= _statistics(base, who, "unit")
    return variants


def citizen_variants(base: str, who: SignedIn) -> dict[str, list[dict]]:
    enrollment = who.account["enrollment_id"]
    step_url = who.account["step_url"]
    step = _get(base, who, step_url)
    variants = {
        "citizen home": [_variant("/portal/", who)],
        "step page": [_variant(step_url, who)],
    }
    match = re.search(r'data-autosave-url="([^"]+)"', step.text)
    if match:
        _action, body = _posted(step.text, base + step_url, form_id="step-form")
        variants["autosave (POST)"] = [_variant(match.group(1), who, body)]
    conversation = _get(base, who, f"/portal/{enrollment}/messages/")
    path, body = _posted(conversation.text, conversation.url, {"body": MESSAGE}, having="body")
    variants["message send (POST)"] = [_variant(path, who, body)]
    return variants


def build_targets(base: str, signed_in: list[SignedIn]) -> list[dict]:
    """Every page with a variant for each account that can reach it, in the table's order."""
    found: dict[str, list[dict]] = {name: [] for name in PAGES}
    for who in signed_in:
        try:
            per_page = (staff_variants if who.kind == "staff" else citizen_variants)(base, who)
        except (requests.HTTPError, SignInFailed) as problem:
            print(f"left out {who.email}: {problem}", file=sys.stderr, flush=True)
            continue
        for name, variants in per_page.items():
            found[name].extend(variants)
    targets = []
    for name in PAGES:
        post = name.endswith("(POST)")
        targets.append(
            {
                "name": name,
                "method": "POST" if post else "GET",
                # The send answers with a redirect to the conversation (not followed).
                "expect": [302] if name.startswith("message send") else [200],
                "variants": found[name],
            }
        )
    for target in targets:
        if not target["variants"]:
            print(f"no account reaches {target['name']}: left out", file=sys.stderr, flush=True)
    return [t for t in targets if t["variants"]]


def request_headers(target: dict, variant: dict) -> dict | None:
    """The headers of a request: an API variant's own (bearer token, FHIR JSON), else a form's
    for a POST and none for a page's GET (its cookies carry the session)."""
    if variant.get("headers"):
        return variant["headers"]
    return FORM if target["method"] == "POST" else None


def floor_target() -> dict:
    return {
        "name": "floor",
        "method": "GET",
        "expect": [200],
        "variants": [{"path": "/", "cookies": {}, "body": "", "account": ""}],
    }
