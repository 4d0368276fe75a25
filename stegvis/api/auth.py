"""The one way an API view learns who calls: authenticate the token, check scope, resolve.

Like care.access's fetch-check-log helpers, but for OAuth bearer tokens. `authenticate` turns
the `Authorization: Bearer` header into a `Caller` (client, provider, units, and the citizen or
staff member an app signed in), refusing with 401 a missing, unknown, expired or revoked
token, and with 429 a client over its rate. `Caller.require` checks a SMART scope (403).
`Caller.enrollments` is the row-level filter every resource that touches citizen data starts
from: a system client sees its units' enrollments (all of its provider's when no unit is
chosen), a citizen's app its citizen's own, a staff app what the staff member may see.
"""

import hashlib
from dataclasses import dataclass

from django.http import HttpRequest
from oauth2_provider.models import AccessToken

from stegvis.api import scopes as smart
from stegvis.api.models import ApiClient
from stegvis.api.services import note_use
from stegvis.audit.recording import record_read, record_reads
from stegvis.care.models import Enrollment
from stegvis.organisation.models import CareProvider, Role, User
from stegvis.organisation.roles import roles_of
from stegvis.security.ratelimits import limit_reached, retry_after_seconds

RATE_GROUP = "api"


class ApiError(Exception):
    """A refusal with its HTTP status, an OperationOutcome code and the message in sv and en."""

    def __init__(self, status: int, code: str, en: str, sv: str, headers=None):
        super().__init__(en)
        self.status, self.code, self.en, self.sv = status, code, en, sv
        self.headers = headers or {}


def unauthorized(en: str, sv: str) -> ApiError:
    return ApiError(401, "login", en, sv, {"WWW-Authenticate": 'Bearer realm="stegvis"'})


@dataclass
class Caller:
    client: ApiClient
    token: AccessToken
    scopes: frozenset[str]
    user: User | None
    unit_ids: frozenset[int]  # the units whose enrollments the caller may see

    @property
    def provider(self) -> CareProvider:
        return self.client.provider

    @property
    def context(self) -> str:
        return self.client.context

    def may(self, resource: str, permission: str = smart.READ) -> bool:
        return smart.grants(self.scopes, self.context, resource, permission)

    def require(self, resource: str, permission: str = smart.READ) -> None:
        if not self.may(resource, permission):
            raise ApiError(
                403,
                "forbidden",
                f"The token's scopes do not allow {permission} on {resource}.",
                f"Token saknar behörighet ({permission}) för {resource}.",
            )

    def enrollments(self):
        """Enrollments the caller may see (row-level filter, no query until evaluated)."""
        qs = Enrollment.objects.filter(unit_id__in=self.unit_ids)
        if self.context == smart.PATIENT:
            qs = qs.filter(citizen_id=self.user.pk)
        return qs

    def record_read(self, enrollment: Enrollment, *, action: str = "api.read", target=None):
        """Record one read of an enrollment's data; the event names the client (ADR 0010)."""
        record_read(
            actor=self.user,
            action=action,
            citizen=enrollment.citizen,
            unit=enrollment.unit,
            enrollment_id=enrollment.pk,
            target=target,
        )

    def record_reads(self, rows, *, action: str = "api.search") -> None:
        """Record one read per enrollment a search showed, given (citizen, enrollment, unit) ids.

        One event per enrollment however many of its responses were shown (as Mina/Alla),
        one insert per unit, so a search's queries do not grow with its results.
        """
        by_unit: dict[int, list] = {}
        for citizen_id, enrollment_id, unit_id in dict.fromkeys(rows):
            by_unit.setdefault(unit_id, []).append((citizen_id, enrollment_id))
        units = {u.pk: u for u in self.provider.units.filter(pk__in=by_unit)} if by_unit else {}
        for unit_id, pairs in by_unit.items():
            record_reads(actor=self.user, action=action, unit=units[unit_id], rows=pairs)


def _bearer(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    kind, _sep, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise unauthorized("A bearer token is required.", "En åtkomsttoken (Bearer) krävs.")
    return token.strip()


def _load_token(raw: str) -> AccessToken:
    checksum = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    token = (
        AccessToken.objects.select_related("application__api_client__provider", "user")
        .filter(token_checksum=checksum)
        .first()
    )
    if token is None or token.is_expired():
        raise unauthorized(
            "The token is unknown or has expired.", "Token är okänd eller har gått ut."
        )
    try:
        client = token.application.api_client if token.application else None
    except ApiClient.DoesNotExist:
        client = None
    if client is None or not client.is_active():
        raise unauthorized("The client has been revoked.", "API-klienten är återkallad.")
    return token


def _unit_ids(client: ApiClient, user: User | None) -> frozenset[int]:
    ids = {pk for pk in client.units.values_list("pk", flat=True)}
    if not ids:
        ids = set(client.provider.units.values_list("pk", flat=True))
    if client.context == smart.USER:
        roles = roles_of(user)
        ids &= roles.unit_ids_with(Role.PRACTITIONER) | roles.unit_ids_with(Role.CITIZEN_ADMIN)
    return frozenset(ids)


def _check_user(client: ApiClient, user: User | None) -> None:
    """An app's token is worth no more than the account it was issued for, right now."""
    if client.context == smart.SYSTEM:
        return
    ok = user is not None and user.is_active
    if ok and client.context == smart.PATIENT:
        ok = user.is_citizen
    if ok and client.context == smart.USER:
        ok = user.is_care_staff
    if not ok:
        raise unauthorized("The account is no longer active.", "Kontot är inte längre aktivt.")


def authenticate(request: HttpRequest) -> Caller:
    """Return the caller of `request`, or raise ApiError (401, or 429 over the client's rate)."""
    token = _load_token(_bearer(request))
    client = token.application.api_client
    _check_user(client, token.user)
    key = f"api-client:{client.pk}"
    if limit_reached(request, RATE_GROUP, methods=None, key=key):
        seconds = retry_after_seconds(request, RATE_GROUP, key=key)
        raise ApiError(
            429,
            "throttled",
            "Too many requests from this client; try again later.",
            "För många anrop från klienten; försök igen senare.",
            {"Retry-After": str(seconds)},
        )
    note_use(client)
    return Caller(
        client=client,
        token=token,
        scopes=frozenset(smart.valid_for(client.context, token.scope.split())) & set(client.scopes),
        user=token.user if client.context != smart.SYSTEM else None,
        unit_ids=_unit_ids(client, token.user),
    )
