"""FHIR over HTTP: the `application/fhir+json` response, OperationOutcome errors, the decorator.

Every FHIR view is wrapped in `fhir_endpoint(resource, permission)`: it authenticates the
token, checks the SMART scope, names the client in the access log for the whole request, and
turns every refusal into an OperationOutcome with the right status (401, 403, 404, 400, 429),
in English (`diagnostics`) and Swedish (`details.text`). Nothing reaches the citizen-facing
error pages, and no error is a 500.
"""

import json
from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from stegvis.api.auth import ApiError, Caller, authenticate
from stegvis.audit import context

FHIR_JSON = "application/fhir+json; charset=utf-8"
_STATUS_CODE = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    422: "processing",
    429: "throttled",
}


def fhir_response(resource: dict, status: int = 200, headers=None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(resource, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type=FHIR_JSON,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def outcome(
    status: int, en: str, sv: str, code: str = "", headers=None, severity: str = "error"
) -> HttpResponse:
    """An OperationOutcome with one issue (an error unless said), as the response for `status`."""
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.operationoutcome import OperationOutcome

    model = OperationOutcome(
        issue=[
            {
                "severity": severity,
                "code": code or _STATUS_CODE.get(status, "exception"),
                "diagnostics": en,
                "details": {"text": sv},
            }
        ]
    )
    return fhir_response(model.model_dump(mode="json", exclude_none=True), status, headers)


def not_found() -> Http404:
    return Http404("not found")


def _validation_messages(error: ValidationError) -> str:
    return "; ".join(str(message) for message in error.messages)


def _refusal(error: Exception) -> HttpResponse:
    if isinstance(error, ApiError):
        return outcome(error.status, error.en, error.sv, error.code, error.headers)
    if isinstance(error, Http404):
        return outcome(404, "No such resource.", "Resursen finns inte.")
    if isinstance(error, PermissionDenied):
        return outcome(403, "Not allowed.", "Åtgärden är inte tillåten.")
    text = _validation_messages(error)
    return outcome(400, text, text)


def fhir_endpoint(resource: str, methods: dict[str, str] | None = None) -> Callable:
    """Decorate `view(request, caller, ...)`: authenticate, check scope, log as the client.

    `methods` maps each HTTP method served to the scope permission it needs (default: GET
    needs read); another method is 405 before anything else.
    """
    methods = methods or {"GET": "read"}

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method not in methods:
                allow = ", ".join(methods)
                return outcome(
                    405,
                    f"Method not allowed here (allowed: {allow}).",
                    f"Metoden är inte tillåten här (tillåtna: {allow}).",
                    headers={"Allow": allow},
                )
            try:
                caller: Caller = authenticate(request)
                caller.require(resource, methods[request.method])
                token = context.bind_api_client(caller.client.code)
                try:
                    return view(request, caller, *args, **kwargs)
                finally:
                    context.reset(token)
            except (ApiError, Http404, PermissionDenied, ValidationError) as error:
                return _refusal(error)

        wrapped.fhir_resource = resource
        return wrapped

    return decorator
