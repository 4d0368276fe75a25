"""How organisation's services write the access log: the audit app answers (a registry).

Organisation sits below audit in the dependency order and must not import it; audit registers
its writers in `AuditConfig.ready`. The writers run synchronously in the caller's transaction,
so an event commits or rolls back with the change exactly as a direct call would. A missing
registration is an error, never a change that goes unlogged.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# Keyword arguments as audit.recording.record_access takes them (actor, action, citizen, unit,
# provider, role, enrollment_id, target); returns the event written.
Writer = Callable[..., object]

_writers: dict[str, Writer] = {}


def register(*, record_read: Writer, record_change: Writer) -> None:
    _writers["read"] = record_read
    _writers["change"] = record_change


def _writer(kind: str) -> Writer:
    try:
        return _writers[kind]
    except KeyError:
        message = "No app registered to write the access log (audit app)."
        raise ImproperlyConfigured(message) from None


def record_read(**kwargs) -> object:
    """Record that the actor read citizen data (or the access to it), in this transaction."""
    return _writer("read")(**kwargs)


def record_change(**kwargs) -> object:
    """Record that the actor changed citizen data (or the access to it), in this transaction."""
    return _writer("change")(**kwargs)
