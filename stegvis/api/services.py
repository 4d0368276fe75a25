"""Managing API clients: create, rotate the secret, revoke; noting a client's last use.

Each change is one transaction with one access-log event (the provider admin acting); the
secret is returned once, in clear, and stored only hashed (django-oauth-toolkit hashes it).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from stegvis.api import scopes as smart
from stegvis.api.models import ApiClient
from stegvis.audit.recording import record_change
from stegvis.db import atomic_write
from stegvis.organisation.models import CareProvider, CareUnit, Role, User
from stegvis.organisation.permissions import require_perm

MANAGE = "api.manage_clients"
# Last use is written at most this often per client, so a busy client does not write per call.
LAST_USE_RESOLUTION = timedelta(minutes=1)

_GRANT = {
    ApiClient.Kind.SYSTEM: Application.GRANT_CLIENT_CREDENTIALS,
    ApiClient.Kind.PATIENT_APP: Application.GRANT_AUTHORIZATION_CODE,
    ApiClient.Kind.STAFF_APP: Application.GRANT_AUTHORIZATION_CODE,
}


@dataclass(frozen=True)
class IssuedClient:
    client: ApiClient
    client_id: str
    secret: str  # in clear: shown once, never stored so


def _check(kind: str, scopes: list[str], units, provider: CareProvider, redirect_uris: str):
    context = ApiClient(kind=kind).context
    allowed = smart.valid_for(context, scopes)
    if not allowed or len(allowed) != len(set(scopes)):
        raise ValidationError(
            {"scopes": _("Choose at least one scope, all for the kind of client chosen.")}
        )
    if any(unit.provider_id != provider.pk for unit in units):
        raise ValidationError({"units": _("Choose units of your own care provider.")})
    if kind != ApiClient.Kind.SYSTEM and not redirect_uris.strip():
        raise ValidationError({"redirect_uris": _("An app needs at least one redirect URI.")})
    return allowed


def _new_code() -> str:
    while True:
        code = f"API-{secrets.token_hex(4).upper()}"
        if not ApiClient.objects.filter(code=code).exists():
            return code


@atomic_write
def create_client(
    *,
    actor: User,
    provider: CareProvider,
    name: str,
    kind: str,
    scopes: list[str],
    units: list[CareUnit] = (),
    redirect_uris: str = "",
    valid_until=None,
) -> IssuedClient:
    """Create a client for `provider` with its OAuth application; return its secret once."""
    require_perm(actor, MANAGE, provider)
    allowed = _check(kind, scopes, units, provider, redirect_uris)
    secret = generate_client_secret()
    public = kind == ApiClient.Kind.PATIENT_APP
    application = Application(
        name=name.strip()[:255],
        client_type=Application.CLIENT_PUBLIC if public else Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=_GRANT[kind],
        redirect_uris=" ".join(redirect_uris.split()),
        client_secret="" if public else secret,
        skip_authorization=False,
    )
    application.save()
    client = ApiClient.objects.create(
        application=application,
        provider=provider,
        name=name.strip(),
        code=_new_code(),
        kind=kind,
        scopes=allowed,
        valid_until=valid_until,
        created_by=actor,
    )
    client.units.set(units)
    _record(actor, client, "api.client_create")
    return IssuedClient(client, application.client_id, "" if public else secret)


def _end_tokens(application: Application) -> None:
    """Delete every token and code the application holds: they stop working at once."""
    RefreshToken.objects.filter(application=application).delete()
    AccessToken.objects.filter(application=application).delete()
    Grant.objects.filter(application=application).delete()


@atomic_write
def rotate_secret(*, actor: User, client: ApiClient) -> IssuedClient:
    """Give the client a new secret; the old one and every token issued with it stop now."""
    require_perm(actor, MANAGE, client.provider)
    if not client.is_active():
        raise ValidationError(_("A revoked client cannot get a new secret."))
    application = client.application
    if application.client_type == Application.CLIENT_PUBLIC:
        raise ValidationError(_("A citizen's app has no secret: it proves itself with PKCE."))
    secret = generate_client_secret()
    application.client_secret = secret
    application.save()
    _end_tokens(application)
    client.secret_rotated_at = timezone.now()
    client.save(update_fields=["secret_rotated_at"])
    _record(actor, client, "api.client_rotate")
    return IssuedClient(client, application.client_id, secret)


@atomic_write
def revoke_client(*, actor: User, client: ApiClient) -> ApiClient:
    """Revoke the client: its tokens are deleted and refused from this moment (idempotent)."""
    require_perm(actor, MANAGE, client.provider)
    if client.revoked_at is not None:
        return client
    client.revoked_at = timezone.now()
    client.revoked_by = actor
    client.save(update_fields=["revoked_at", "revoked_by"])
    _end_tokens(client.application)
    _record(actor, client, "api.client_revoke")
    return client


def note_use(client: ApiClient) -> None:
    """Remember when the client last called the API (to the minute, one UPDATE at most)."""
    now = timezone.now()
    if client.last_used_at is not None and now - client.last_used_at < LAST_USE_RESOLUTION:
        return
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    client.last_used_at = now


def _record(actor: User, client: ApiClient, action: str) -> None:
    record_change(
        actor=actor,
        action=action,
        provider=client.provider,
        role=Role.PROVIDER_ADMIN,
        target=client,
    )
