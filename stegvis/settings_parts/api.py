"""Settings: the API's OAuth 2.0 server (django-oauth-toolkit) and FHIR base (docs/api.md).

Imported by stegvis.settings; read from the environment like the rest.
"""

from stegvis.env import envint
from stegvis.settings_parts.environment import SITE_URL

# Short-lived access tokens; a token also never outlives its client (api/oauth.py clamps the
# expiry to the client's end date, and a revoked client's tokens are deleted and refused).
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": envint("API_ACCESS_TOKEN_SECONDS", 3600),
    "REFRESH_TOKEN_EXPIRE_SECONDS": envint("API_REFRESH_TOKEN_SECONDS", 30 * 24 * 3600),
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "PKCE_REQUIRED": True,
    # https redirect URIs only (RFC 9700 §2.1); a native app's custom scheme would be added here.
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "ALLOWED_SCHEMES": ["https"],
    "OAUTH2_VALIDATOR_CLASS": "stegvis.api.oauth.ApiValidator",
    "SCOPES_BACKEND_CLASS": "stegvis.api.oauth.ClientScopes",
    "REQUEST_APPROVAL_PROMPT": "force",
    "ERROR_RESPONSE_WITH_SCOPES": True,
    # The OAuth 2.0 Security BCP (RFC 9700) now, not when DOT 4.0 makes it the default: no
    # implicit or password grant, S256 PKCE only, tokens only in the Authorization header,
    # `iss` in the authorization response, tokens stored as checksums only (never in clear),
    # and the deploy check failing (not warning) on a non-compliant setting.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
# The FHIR base URL the API names itself by (fullUrl, paging links, canonical URLs).
FHIR_BASE_URL = SITE_URL.rstrip("/") + "/fhir"
# DOT's own models (not swapped; named so migrations can depend on them, as DOT's docs advise).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
