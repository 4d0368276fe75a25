"""The server comparison's summary and table, and the commands it runs: no server, nothing timed."""

from pathlib import Path

from benchmarks.web.server_choice import summarise, table
from benchmarks.web.servers import Server


def _run(rps: float, p95: float = 100.0, errors: int = 0) -> dict:
    return {"rps": rps, "p95": p95, "errors": errors}


def test_granian_over_gunicorn_is_the_median_of_each_rounds_own_ratio():
    runs = {
        "Mina": {
            "gunicorn": [_run(10), _run(20, p95=50), _run(10)],
            "granian": [_run(12), _run(30, p95=40, errors=1), _run(11)],
        }
    }
    row = summarise(runs)["Mina"]
    assert row["gunicorn"] == {"rps": 10, "p95": 100.0, "errors": 0}
    assert row["granian"] == {"rps": 12, "p95": 100.0, "errors": 1}
    assert row["granian_over_gunicorn"] == 1.2  # rounds: 1.2, 1.5, 1.1
    lines = table(summarise(runs)).splitlines()
    assert lines[1].split() == ["Mina", "10.0", "100", "12.0", "100", "1", "1.20×"]


def test_both_servers_serve_the_app_with_as_many_single_request_workers():
    gunicorn = Server("a", "stegvis.wsgi:application", {}, 3, "gunicorn", port=8001).command()
    granian = Server("b", "stegvis.wsgi:application", {}, 3, "granian", port=8002).command()
    assert gunicorn[gunicorn.index("--workers") + 1] == "3"
    assert gunicorn[gunicorn.index("--worker-class") + 1] == "sync"
    assert Path(granian[0]).name == "granian"
    assert granian[granian.index("--workers") + 1] == "3"
    assert granian[granian.index("--blocking-threads") + 1] == "1"
    assert granian[granian.index("--interface") + 1] == "wsgi"
    assert granian[-1] == "stegvis.wsgi:application"
