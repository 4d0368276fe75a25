"""The live server's lock on SQLite: a second request waits until the first one's response is
closed, and an application that fails lets the next request in."""

import threading

import pytest

from tests.plugins.live_server import _OneAtATime


def test_a_second_request_waits_for_the_first_to_be_closed():
    inside = []

    def application(environ, start_response):
        inside.append(environ["n"])
        return [b"ok"]

    app = _OneAtATime(application)
    first = app({"n": 1}, None)
    second = threading.Thread(target=lambda: app({"n": 2}, None).close())
    second.start()
    second.join(timeout=0.3)
    assert inside == [1] and second.is_alive()  # held while the first is open
    assert list(first) == [b"ok"]
    first.close()
    second.join(timeout=5)
    assert inside == [1, 2] and not second.is_alive()


def test_a_failing_request_releases_the_lock():
    def failing(environ, start_response):
        raise RuntimeError("boom")

    app = _OneAtATime(failing)
    with pytest.raises(RuntimeError):
        app({}, None)
    assert app.lock.acquire(timeout=1)
