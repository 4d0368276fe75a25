"""django-oauth-toolkit hooked to API clients: scopes per client, revoked clients refused.

DOT does the OAuth 2.0 protocol (client credentials, authorization code with PKCE, refresh,
revocation). Stegvis adds three rules here: a client gets only the scopes its provider admin
allowed; a revoked or expired client gets no token, code or refresh; and no token outlives its
client (its expiry is clamped to the client's end date). Who may sign in for which kind of app
is checked when the code is issued: a citizen for a citizen's app, staff for a staff app.
"""

from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes
from oauthlib.oauth2.rfc6749 import errors

from stegvis.api import scopes as smart
from stegvis.api.models import ApiClient


def client_of(application) -> ApiClient | None:
    """The active API client of a DOT application, or None (no client, revoked, expired)."""
    if application is None:
        return None
    try:
        client = application.api_client
    except ApiClient.DoesNotExist:
        return None
    return client if client.is_active() else None


class ClientScopes(BaseScopes):
    """Every SMART scope the API knows; a client may ask only for those it was allowed."""

    def get_all_scopes(self):
        return smart.ALL_SCOPES

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = client_of(application)
        return list(client.scopes) if client is not None else []

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)


class ApiValidator(OAuth2Validator):
    def _load_application(self, client_id, request):
        application = super()._load_application(client_id, request)
        if client_of(application) is None:
            request.client = None
            return None
        return application

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        if client_of(client) is None:
            return False
        return super().validate_refresh_token(refresh_token, client, request, *args, **kwargs)

    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        """Issue a code only to the kind of person the app is for (citizen or staff)."""
        client = client_of(request.client)
        user = request.user
        if client is None or not _may_authorize(client, user):
            raise errors.AccessDeniedError(request=request)
        super().save_authorization_code(client_id, code, request, *args, **kwargs)

    def _create_access_token(self, expires, request, token, source_refresh_token=None):
        client = client_of(request.client)
        if client is not None and client.valid_until is not None:
            expires = min(expires, client.valid_until)
        return super()._create_access_token(expires, request, token, source_refresh_token)


def _may_authorize(client: ApiClient, user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if client.kind == ApiClient.Kind.PATIENT_APP:
        return user.is_citizen
    if client.kind == ApiClient.Kind.STAFF_APP:
        return user.is_care_staff
    return False
