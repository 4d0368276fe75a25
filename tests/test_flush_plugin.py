"""The test suite's SQLite flush waits for a table a live server's thread still reads."""

import pytest
from django.db import OperationalError

from tests.plugins import flush


def _flaky(failures: list[str]):
    calls = []

    def execute(operations, sql_list):
        calls.append(sql_list)
        if failures:
            raise OperationalError(failures.pop(0))

    return execute, calls


def test_a_locked_table_is_flushed_again_once_it_is_free(monkeypatch):
    execute, calls = _flaky(["database table is locked", "database table is locked"])
    monkeypatch.setattr(flush, "_sqlite_execute_flush", execute)
    monkeypatch.setattr(flush.time, "sleep", lambda seconds: None)

    flush._flush_when_the_live_server_lets_go(None, ["DELETE FROM t"])

    assert calls == [["DELETE FROM t"]] * 3


def test_any_other_error_is_raised_at_once(monkeypatch):
    execute, calls = _flaky(["no such table: t"])
    monkeypatch.setattr(flush, "_sqlite_execute_flush", execute)

    with pytest.raises(OperationalError, match="no such table"):
        flush._flush_when_the_live_server_lets_go(None, ["DELETE FROM t"])
    assert len(calls) == 1


def test_a_table_that_stays_locked_fails_the_flush_in_the_end(monkeypatch):
    execute, _calls = _flaky(["database table is locked"] * 1000)
    monkeypatch.setattr(flush, "_sqlite_execute_flush", execute)
    monkeypatch.setattr(flush, "_FLUSH_PATIENCE_SECONDS", 0.0)

    with pytest.raises(OperationalError, match="locked"):
        flush._flush_when_the_live_server_lets_go(None, ["DELETE FROM t"])
