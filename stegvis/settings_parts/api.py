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
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    "ALLOWED_SCHEMES": ["https", "http"],
    "OAUTH2_VALIDATOR_CLASS": "stegvis.api.oauth.ApiValidator",
    "SCOPES_BACKEND_CLASS": "stegvis.api.oauth.ClientScopes",
    "REQUEST_APPROVAL_PROMPT": "force",
    "ERROR_RESPONSE_WITH_SCOPES": True,
}
# The FHIR base URL the API names itself by (fullUrl, paging links, canonical URLs).
FHIR_BASE_URL = SITE_URL.rstrip("/") + "/fhir"
# DOT's own models (not swapped; named so migrations can depend on them, as DOT's docs advise).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
