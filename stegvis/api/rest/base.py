"""The REST API's plumbing: the bearer-token auth, the scope check and the bilingual errors.

Authentication and the row-level filter are the FHIR API's (`stegvis.api.auth`): one token,
one client, one set of SMART scopes. Every operation is wrapped in `operation(resource,
permission)`, which checks the scope and names the client in the access log for the whole
call. Writes need a staff member's app (`user/...`): the care services then check that
person's rights exactly as on the web, so no rule is repeated here.
"""

import inspect
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import translation
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from stegvis.api import scopes as smart
from stegvis.api.auth import ApiError, Caller, authenticate
from stegvis.audit import context
from stegvis.db import DatabaseBusy


class Bearer(HttpBearer):
    """OAuth 2.0 bearer token from /oauth/token/ (client credentials or code + PKCE)."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        return authenticate(request)


def operation(resource: str, permission: str = smart.READ):
    """Decorate `view(request, caller, ...)`: the scope, then the client named in the log."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            caller: Caller = request.auth
            caller.require(resource, permission)
            if permission == smart.WRITE and caller.context != smart.USER:
                raise ApiError(
                    403,
                    "forbidden",
                    "Changes need a staff member's app (user/... scopes), so the care rules "
                    "apply to the person acting.",
                    "Ändringar kräver en medarbetares app (user/...-behörighet), så att "
                    "vårdens regler gäller den som gör ändringen.",
                )
            token = context.bind_api_client(caller.client.code)
            try:
                return view(request, caller, *args, **kwargs)
            finally:
                context.reset(token)

        # Ninja reads the parameters from the signature: the caller is not one of them.
        signature = inspect.signature(view)
        wrapped.__signature__ = signature.replace(
            parameters=[p for name, p in signature.parameters.items() if name != "caller"]
        )
        return wrapped

    return decorator


def error_body(status: int, code: str, en: str, sv: str) -> dict:
    return {"error": {"status": status, "code": code, "message": {"sv": sv, "en": en}}}


_REVERSE: dict[str, str] = {}


def both_languages(text: str) -> tuple[str, str]:
    """(en, sv) of a message a service raised in the active language, via the sv catalogue.

    A message with values filled in has no catalogue entry; it is then given as raised.
    """
    catalog = translation.trans_real.translation("sv")._catalog
    if translation.get_language() == "en":
        return text, catalog.get(text, text)
    if not _REVERSE:
        _REVERSE.update({v: k for k, v in catalog.items() if isinstance(k, str)})
    return _REVERSE.get(text, text), text


def _messages(error: ValidationError) -> tuple[str, str]:
    pairs = [both_languages(str(m)) for m in error.messages]
    return "; ".join(en for en, _ in pairs), "; ".join(sv for _, sv in pairs)


def install_error_handlers(api) -> None:
    """Every refusal is JSON with the message in Swedish and English; none is a 500."""

    def respond(request, status, code, en, sv, headers=None):
        response = api.create_response(request, error_body(status, code, en, sv), status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.en, exc.sv, exc.headers)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        headers = {"WWW-Authenticate": 'Bearer realm="stegvis"'}
        return respond(
            request, 401, "login", "A bearer token is required.", "En åtkomsttoken krävs.", headers
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not-found", "No such resource.", "Resursen finns inte.")

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        en, sv = both_languages(str(exc)) if str(exc) else ("", "")
        return respond(
            request, 403, "forbidden", en or "Not allowed.", sv or "Åtgärden är inte tillåten."
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        en, sv = _messages(exc)
        return respond(request, 400, "invalid", en, sv)

    @api.exception_handler(NinjaValidationError)
    def malformed(request, exc: NinjaValidationError):
        where = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', []))}: {e.get('msg', '')}"
            for e in exc.errors[:5]
        )
        return respond(
            request,
            400,
            "invalid",
            f"The request is not valid: {where}",
            f"Begäran är inte giltig: {where}",
        )

    @api.exception_handler(DatabaseBusy)
    def busy(request, exc):
        return respond(
            request,
            503,
            "transient",
            "The database is busy; try again in a moment.",
            "Databasen är upptagen; försök igen om en stund.",
            {"Retry-After": "2"},
        )
