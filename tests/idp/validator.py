"""The test provider's claims: each user's from the config, as a region's broker or IdP sends
them (personnummer, HSA-id, acr). A user may also carry `id_token_overrides` (say an `exp` in
the past, or another audience) or an `id_token_signature` ("foreign-key": signed with a key
not in the JWKS; {"tamper": claims}: claims changed after signing): a provider that
misbehaves, or a token forged on the way, to show Stegvis refuses it."""

import base64
import json
import secrets
import time

from django.conf import settings
from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.idp.logout import LATEST_SID


def _user(request) -> dict:
    return settings.CONFIG["users"].get(request.user.get_username(), {})


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim the user has, whatever the scopes

    def get_additional_claims(self, request):
        return dict(_user(request).get("claims", {}))

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        overrides = dict(_user(request).get("id_token_overrides", {}))
        if "exp_offset" in overrides:
            claims["exp"] = int(time.time()) + overrides.pop("exp_offset")
        claims.update(overrides)
        # A session id per sign-in, as providers with Back-Channel Logout send (logout.py).
        sid = secrets.token_urlsafe(12)
        LATEST_SID[request.user.get_username()] = sid
        claims["sid"] = sid
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        forgery = _user(request).get("id_token_signature")
        if not forgery:
            return signed
        header, payload, signature = signed.split(".")
        if forgery == "foreign-key":
            foreign = jwt.JWT(header=_decode(header), claims=_decode(payload))
            foreign.make_signed_token(jwk.JWK.generate(kty="RSA", size=2048))
            return foreign.serialize()
        claims = {**json.loads(_decode(payload)), **forgery["tamper"]}
        return ".".join([header, _encode(json.dumps(claims)), signature])


def _decode(part: str) -> str:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode()


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()
