"""The request a piece of work runs for: its id and the caller's address.

Set by RequestContextMiddleware so services can record events without being handed the request.
"""

from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None
    # The API client a request acts through (its code, "API-…"): every event recorded for the
    # request names it, also those written deep inside the services the API calls.
    api_client: str = ""


_EMPTY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("stegvis_request", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def bind(context: RequestContext):
    return _current.set(context)


def bind_api_client(code: str):
    """Name the API client for the rest of the request; `reset` the returned token after."""
    return bind(replace(current(), api_client=code))


def reset(token) -> None:
    _current.reset(token)
