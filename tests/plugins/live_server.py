"""On SQLite, the live server answers one request at a time.

Django's live server is threaded, and with an in-memory SQLite database every thread uses the
test's one connection. Two requests in flight at once (the autosave script's fetch and the
form's submit, a favicon beside a page) then run their transactions on that connection
interleaved: one releases a savepoint the other made ("no such savepoint"), and the other
finds its transaction broken. That is a property of the test set-up, not of Stegvis (each
request has its own connection in production and on PostgreSQL in CI), and it showed as a
rare failure of the browser tests in the README's `make test` when the machine was busy.

Here the application is called under one lock, held until the response is closed (when
Django ends the request), while the server still accepts connections on threads: an idle
connection the browser opened ahead never holds the lock. A request that waits longer than
`_PATIENCE_SECONDS` goes ahead anyway with a warning, so a mistake here can slow a test but
never hang it.
"""

from __future__ import annotations

import threading
import warnings

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

_PATIENCE_SECONDS = 30.0


class _OneAtATime:
    """A WSGI application that lets one request into `application` at a time."""

    def __init__(self, application) -> None:
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        held = self.lock.acquire(timeout=_PATIENCE_SECONDS)
        if not held:
            warnings.warn("live server: a request waited 30 s for another", stacklevel=1)
        try:
            result = self.application(environ, start_response)
        except BaseException:
            if held:
                self.lock.release()
            raise
        return _ReleasedOnClose(result, self.lock if held else None)


class _ReleasedOnClose:
    """The response's body, releasing the lock once the server closes it."""

    def __init__(self, result, lock: threading.Lock | None) -> None:
        self.result = result
        self.lock = lock

    def __iter__(self):
        return iter(self.result)

    def close(self) -> None:
        try:
            if hasattr(self.result, "close"):
                self.result.close()  # Django's request_finished: the request's end
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None


class SerialisedOnSharedSQLite(ThreadedWSGIServer):
    """The live server, one request at a time when it shares an in-memory SQLite connection."""

    def set_app(self, application) -> None:
        if self.connections_override:
            application = _OneAtATime(application)
        super().set_app(application)


LiveServerThread.server_class = SerialisedOnSharedSQLite
