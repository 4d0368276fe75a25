"""The task benchmark's options, order of runs and report: no worker started, nothing timed."""

import pytest

from benchmarks.tasks_bench import parse_args, plan, rate, report


def test_both_backends_one_and_two_workers_by_default():
    options = parse_args([])

    assert options.backend == ["db", "rq"]
    assert options.workers == [1, 2]
    assert (options.tasks, options.rounds) == (1000, 2)


def test_one_backend_can_be_chosen_and_repeats_are_dropped():
    assert parse_args(["--backend", "rq"]).backend == ["rq"]
    assert parse_args(["--backend", " db , db "]).backend == ["db"]
    assert parse_args(["--workers", "1,2,4"]).workers == [1, 2, 4]


@pytest.mark.parametrize(
    "args", [["--backend", "celery"], ["--backend", ","], ["--workers", "0"], ["--workers", "x"]]
)
def test_unknown_backends_and_worker_counts_are_refused(args, capsys):
    with pytest.raises(SystemExit):
        parse_args(args)
    assert "must be" in capsys.readouterr().err


def test_the_backends_run_back_to_back_and_take_turns_to_go_first():
    runs = plan(2, ["db", "rq"], [1, 2])

    assert len(runs) == 2 * 2 * 2 * 2  # rounds × tasks × worker counts × backends
    pairs = [(a, b) for a, b in zip(runs[::2], runs[1::2], strict=True)]
    for a, b in pairs:
        assert (a["round"], a["task"], a["workers"]) == (b["round"], b["task"], b["workers"])
    assert {(a["backend"], b["backend"]) for a, b in pairs if a["round"] == 1} == {("db", "rq")}
    assert {(a["backend"], b["backend"]) for a, b in pairs if a["round"] == 2} == {("rq", "db")}
    assert [r["task"] for r in runs[:8:2]] == ["noop", "noop", "deliver", "deliver"]


def test_one_backend_alone_is_measured_in_the_same_order():
    assert [(r["task"], r["workers"]) for r in plan(1, ["rq"], [1, 2])] == [
        ("noop", 1),
        ("noop", 2),
        ("deliver", 1),
        ("deliver", 2),
    ]


def _row(backend, task, workers, seconds, round_=1):
    return {
        "round": round_,
        "backend": backend,
        "task": task,
        "workers": workers,
        "tasks": 100,
        "seconds": seconds,
        "load": [3.0, 4.5],
    }


def test_the_report_lists_each_run_with_its_load_and_the_median_per_backend():
    rows = [
        _row("db", "noop", 1, 2.0),
        _row("rq", "noop", 1, 10.0),
        _row("rq", "noop", 1, 5.0, round_=2),
        _row("db", "noop", 1, 1.0, round_=2),
        _row("db", "deliver", 1, 4.0),
    ]
    lines = report(rows).splitlines()

    assert lines[1].split() == ["1", "db", "noop", "1", "100", "2.00", "50.0", "3.0", "/", "4.5"]
    assert rate(rows[1]) == 10.0
    medians = {line.split()[0]: line.split()[3:] for line in lines if "worker(s)" in line}
    assert medians["db"] == ["75.0", "25.0"]  # noop: 50 and 100; deliver: 25
    assert medians["rq"] == ["15.0", "-"]  # noop: 10 and 20; no deliver run


def test_a_run_of_no_time_has_no_rate():
    assert rate(_row("db", "noop", 1, 0)) == 0.0
