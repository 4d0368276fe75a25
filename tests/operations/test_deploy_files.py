"""The systemd units, nginx site and gunicorn configuration in deploy/ say what the code runs.

systemd-analyze and nginx are not on the test machine: the units are parsed as systemd's INI
files and each command they run is checked against the code (a management command that
exists, a module that imports, the gunicorn configuration that loads).
"""

import configparser
import re
import runpy
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = ["stegvis-web.service", "stegvis-worker.service", "stegvis-scheduler.service"]
# Run by their timers, not part of stegvis.target.
ONESHOTS = ["stegvis-backup.service", "stegvis-retention.service", "stegvis-access-log.service"]
INSTALLED = "/opt/stegvis/"


def _unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def _exec_lines(name: str) -> list[list[str]]:
    lines = (DEPLOY / "systemd" / name).read_text().splitlines()
    return [
        shlex.split(line.split("=", 1)[1]) for line in lines if re.match(r"^ExecStart(Pre)?=", line)
    ]


def _check_command(argv: list[str]) -> None:
    """A command a unit runs exists in this checkout."""
    program = argv[0]
    assert program.startswith(INSTALLED + ".venv/bin/"), program
    executable = program.removeprefix(INSTALLED + ".venv/bin/")
    if executable == "gunicorn":
        config = argv[argv.index("--config") + 1]
        assert (ROOT / config).is_file()
        return
    assert executable == "python"
    if argv[1] == "manage.py":
        assert argv[2] in get_commands(), f"manage.py {argv[2]} does not exist"
    else:
        assert argv[1] == "-m"
        assert (ROOT / (argv[2].replace(".", "/") + ".py")).is_file()


@pytest.mark.parametrize("name", UNITS)
def test_each_unit_has_the_keys_systemd_needs(name):
    unit = _unit(name)
    assert unit.get("Unit", "Description")
    assert unit.get("Unit", "PartOf") == "stegvis.target"
    service = unit["Service"]
    assert service["User"] == "stegvis"
    assert service["WorkingDirectory"] == INSTALLED.rstrip("/")
    assert service["EnvironmentFile"] == "/etc/stegvis/stegvis.env"
    assert service["Restart"] in {"always", "on-failure"}
    assert service["NoNewPrivileges"] == "true"
    assert unit.get("Install", "WantedBy") == "stegvis.target"


@pytest.mark.parametrize("name", UNITS + ONESHOTS)
def test_each_unit_runs_commands_that_exist(name):
    commands = _exec_lines(name)
    assert commands
    for argv in commands:
        _check_command(argv)


def test_the_web_unit_checks_migrates_and_collects_before_serving():
    commands = [" ".join(argv[1:]) for argv in _exec_lines("stegvis-web.service")]
    assert commands == [
        "-m stegvis.operations.preflight",
        "manage.py migrate --noinput",
        "manage.py collectstatic --noinput -v0",
        "--config deploy/gunicorn.conf.py",
    ]


@pytest.mark.parametrize("name", ONESHOTS)
def test_the_timed_units_run_once_with_the_environment_and_have_a_timer(name):
    unit = _unit(name)
    assert unit.get("Service", "Type") == "oneshot"
    assert unit.get("Service", "EnvironmentFile") == "/etc/stegvis/stegvis.env"
    timer = _unit(name.replace(".service", ".timer"))
    assert timer.get("Timer", "OnCalendar")
    assert timer.get("Timer", "Persistent") == "true"
    assert timer.get("Install", "WantedBy") == "timers.target"


def test_the_timed_commands_parse(tmp_path):
    """The backup, retention and partition commands accept the arguments their units give."""
    from django.core.management import load_command_class

    parsers = {
        app: load_command_class(f"stegvis.{app}", app).create_parser("manage.py", app)
        for app in ("operations", "audit")
    }
    actions = set()
    for name in ONESHOTS:
        for argv in _exec_lines(name):
            options = parsers[argv[2]].parse_args(argv[3:])
            actions.add((argv[2], options.action))
    assert actions == {
        ("operations", "backup"),
        ("operations", "retention"),
        ("audit", "partitions"),
    }


def test_the_target_wants_every_unit():
    target = _unit("stegvis.target")
    assert set(target.get("Unit", "Wants").split()) == set(UNITS)


def test_the_gunicorn_configuration_serves_the_wsgi_application(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8123")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["wsgi_app"] == "stegvis.wsgi:application"
    assert config["bind"] == ["127.0.0.1:8123"]
    assert config["timeout"] < 75  # below nginx's proxy_read_timeout


def _nginx() -> str:
    return (DEPLOY / "nginx" / "stegvis.conf").read_text()


def _directive(name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]+);", _nginx(), re.MULTILINE)


def test_the_nginx_site_is_balanced_and_every_directive_ends():
    text = re.sub(r"#.*", "", _nginx())
    text = re.sub(r"'[^']*'", "''", text)
    assert text.count("{") == text.count("}")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.endswith(("{", "}", ";")):
            # A directive continued on the next line (log_format) ends with a quote.
            assert line.endswith("''"), line


def test_the_nginx_site_terminates_tls_and_redirects_plain_http():
    assert _directive("ssl_certificate") and _directive("ssl_certificate_key")
    assert _directive("ssl_protocols") == ["TLSv1.2 TLSv1.3"]
    assert "301 https://$host$request_uri" in _directive("return")


def test_the_nginx_body_limit_fits_the_largest_body_the_app_accepts():
    (limit,) = _directive("client_max_body_size")
    megabytes = int(limit.removesuffix("m"))
    largest = max(
        settings.MAX_REQUEST_BODY_BYTES, *(size for _, size in settings.REQUEST_BODY_LIMITS_BY_PATH)
    )
    assert megabytes * 1024 * 1024 >= largest


def test_the_nginx_site_forwards_the_scheme_and_client_and_serves_static_files():
    forwarded = _directive("proxy_set_header")
    assert "X-Forwarded-Proto $scheme" in forwarded
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in forwarded
    assert "Host $host" in forwarded
    assert f"{INSTALLED}static-collected/" in _directive("alias")
    read_timeout = int(_directive("proxy_read_timeout")[0].removesuffix("s"))
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert read_timeout > config["timeout"]
    assert "/static/" in re.findall(r"location (\S+) {", _nginx())
    assert settings.STATIC_URL == "/static/"


def test_the_example_environment_names_every_required_setting():
    from stegvis.operations.preflight import REQUIRED

    example = (DEPLOY / "stegvis.env.example").read_text()
    for name, _meaning in REQUIRED:
        assert re.search(rf"^{name}(_FILE)?=", example, re.MULTILINE), name
