"""The test provider's claims: each user's from the config, as a region's broker or IdP sends
them (personnummer, HSA-id, acr). A user may also carry `id_token_overrides` (say an `exp` in
the past, or another audience): a provider that misbehaves, to show Stegvis refuses it."""

import time

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


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
        return claims, expiration_time
