"""`oidc_idp`: the test identity provider running in its own process on a free loopback port.

Import the fixture into a test module (`from tests.idp.fixture import oidc_idp  # noqa: F401`)
and configure Stegvis with `stegvis_oidc_settings(settings, oidc_idp)`.
"""

import json
import subprocess
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from tests.subprocess_server import REPO_ROOT, free_port, stop, wait_until_up

PASSWORD = "idp-password-123"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
PNR_CLAIM = "personal_identity_number"
HSA_CLAIM = "employee_hsa_id"
CITIZEN_PNR = "199001012385"
STRONG_HSA = "SE2321000016-ID01"
WEAK_HSA = "SE2321000016-ID02"

CLIENTS = {
    "eid": ("stegvis-eid", "eid-secret-0123456789"),
    "siths": ("stegvis-siths", "siths-secret-0123456789"),
}

USERS = {
    # Citizens through the e-ID broker.
    "new-citizen": {
        "claims": {PNR_CLAIM: CITIZEN_PNR, "given_name": "Nya", "family_name": "Medborgare"}
    },
    "no-personnummer": {"claims": {"given_name": "Utan"}},
    "bad-personnummer": {"claims": {PNR_CLAIM: "19900101-2384"}},
    "expired-token": {
        "claims": {PNR_CLAIM: CITIZEN_PNR},
        "id_token_overrides": {"exp_offset": -600},
    },
    "wrong-audience": {
        "claims": {PNR_CLAIM: CITIZEN_PNR},
        "id_token_overrides": {"aud": "someone-else"},
    },
    "forged-nonce": {"claims": {PNR_CLAIM: CITIZEN_PNR}, "id_token_overrides": {"nonce": "forged"}},
    # An ID token signed with a key the provider's JWKS does not hold (with the JWKS key's kid).
    "foreign-key": {"claims": {PNR_CLAIM: CITIZEN_PNR}, "id_token_signature": "foreign-key"},
    # An ID token changed after it was signed: another personnummer, the signature kept.
    "tampered-token": {
        "claims": {PNR_CLAIM: CITIZEN_PNR},
        "id_token_signature": {"tamper": {PNR_CLAIM: "191212121212"}},
    },
    # Staff through the region's IdP (SITHS eID).
    "strong-staff": {"claims": {HSA_CLAIM: STRONG_HSA, "acr": LOA3}},
    "weak-staff": {"claims": {HSA_CLAIM: WEAK_HSA, "acr": LOA2}},
    "unknown-staff": {"claims": {HSA_CLAIM: "SE2321000016-ID99", "acr": LOA3}},
    "foreign-key-staff": {
        "claims": {HSA_CLAIM: STRONG_HSA, "acr": LOA3},
        "id_token_signature": "foreign-key",
    },
}


@dataclass(frozen=True)
class Idp:
    url: str

    @property
    def server_url(self) -> str:
        return f"{self.url}/o"


def _config(tmp) -> dict:
    def callbacks(provider_id: str) -> list[str]:
        path = f"/accounts/oidc/{provider_id}/login/callback/"
        return [f"http://127.0.0.1{path}", f"http://testserver{path}"]

    # Stegvis's signed-out page (LOGOUT_REDIRECT_URL); any port on loopback (RFC 8252).
    signed_out = ["http://127.0.0.1/", "http://testserver/"]

    return {
        "database": str(tmp / "idp.sqlite3"),
        "users": {name: {"password": PASSWORD, **user} for name, user in USERS.items()},
        "clients": [
            {
                "name": f"Stegvis {provider_id}",
                "client_id": client_id,
                "client_secret": secret,
                "redirect_uris": callbacks(provider_id),
                "post_logout_redirect_uris": signed_out,
            }
            for provider_id, (client_id, secret) in CLIENTS.items()
        ],
    }


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory) -> Idp:
    tmp = tmp_path_factory.mktemp("idp")
    config = tmp / "idp.json"
    config.write_text(json.dumps(_config(tmp)))
    port = free_port()
    log = tmp / "idp.log"
    env = {"IDP_CONFIG": str(config), "PATH": "/usr/bin:/bin"}
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.idp.serve", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    idp = Idp(url=f"http://127.0.0.1:{port}")
    try:
        discovery = f"{idp.server_url}/.well-known/openid-configuration"
        wait_until_up(server, discovery, log, "the test IdP", 60)
        yield idp
    finally:
        stop(server)


def stegvis_oidc_settings(settings, idp: Idp) -> None:
    """Point Stegvis's e-ID (citizens) and SITHS (staff) sign-in at the test provider."""

    def app(provider_id: str, name: str, extra: dict) -> dict:
        client_id, secret = CLIENTS[provider_id]
        return {
            "provider_id": provider_id,
            "name": name,
            "client_id": client_id,
            "secret": secret,
            "settings": {
                "server_url": idp.server_url,
                "token_auth_method": "client_secret_basic",
                "scope": ["openid", "profile"],
                "oauth_pkce_enabled": True,
                **extra,
            },
        }

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "provider_class": "stegvis.accounts.oidc.NonceOpenIDConnectProvider",
            "APPS": [
                app(
                    "eid",
                    "BankID",
                    {"stegvis": {"role": "citizen", "personnummer_claim": PNR_CLAIM}},
                ),
                app(
                    "siths",
                    "SITHS eID",
                    {
                        "stegvis": {
                            "role": "staff",
                            "hsa_id_claim": HSA_CLAIM,
                            "strong_acr": [LOA3],
                        }
                    },
                ),
            ],
        }
    }
    # The suite signs in more often than a person could; the limit itself is tested in
    # tests/hardening/test_rate_limits.py.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "oidc_sign_in": "1000/m"}
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(idp.url))
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"], "form-action": ["'self'", origin]}
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
