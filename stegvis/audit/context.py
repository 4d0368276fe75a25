"""The request a piece of work runs for: its id and the caller's address.

Set by RequestContextMiddleware so services can record events without being handed the request.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


_EMPTY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("stegvis_request", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def bind(context: RequestContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)
