"""TASKS_BACKEND picks the task backend: the database by default, RQ on Redis when asked, and
RQ without TASKS_REDIS_URL is refused with the reason. No Redis is needed: nothing connects."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from stegvis.settings_parts.tasks import RQ_JOB_TIMEOUT_SECONDS, task_settings
from tests.settings_tests.test_production_settings import AUDIT_KEY, _run

_PRODUCTION = {"SECRET_KEY": "x9" * 32 + "-a-long-and-random-production-secret", **AUDIT_KEY}
_PRINT = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps({'tasks': settings.TASKS, 'queues': settings.RQ_QUEUES, "
    "'apps': settings.INSTALLED_APPS}))"
)


@pytest.mark.parametrize("backend", ["", "db", " DB "])
def test_the_database_backend_is_the_default(backend):
    chosen = task_settings(backend, "redis://127.0.0.1:6379/2")

    assert chosen["TASKS"] == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert chosen["RQ_QUEUES"] == {}
    assert chosen["apps"] == []


def test_rq_queues_its_tasks_in_the_redis_given():
    chosen = task_settings("rq", "redis://queue.example:6379/2")

    assert chosen["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert chosen["TASKS"]["default"]["QUEUES"] == ["default"]
    assert chosen["RQ_QUEUES"]["default"] == {
        "URL": "redis://queue.example:6379/2",
        "DEFAULT_TIMEOUT": RQ_JOB_TIMEOUT_SECONDS,
    }
    assert chosen["apps"] == ["django_rq", "django_tasks_rq"]


def test_rq_without_a_redis_url_is_refused_naming_the_setting():
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND=rq needs TASKS_REDIS_URL"):
        task_settings("rq", "")


def test_an_unknown_backend_is_refused():
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND must be db or rq"):
        task_settings("celery", "redis://127.0.0.1:6379/2")


def _configured(**env: str) -> dict:
    result = _run("-c", _PRINT, **_PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_production_settings_use_the_database_backend_without_tasks_backend():
    configured = _configured(TASKS_BACKEND="", TASKS_REDIS_URL="")

    assert configured["tasks"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in configured["apps"]


@pytest.mark.slow
def test_production_settings_use_rq_when_chosen():
    configured = _configured(TASKS_BACKEND="rq", TASKS_REDIS_URL="redis://127.0.0.1:6379/2")

    assert configured["tasks"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert configured["queues"]["default"]["URL"] == "redis://127.0.0.1:6379/2"
    assert "django_rq" in configured["apps"]


@pytest.mark.slow
def test_production_settings_refuse_rq_without_a_redis_url():
    result = _run("manage.py", "check", TASKS_BACKEND="rq", TASKS_REDIS_URL="", **_PRODUCTION)

    assert result.returncode != 0
    assert "TASKS_BACKEND=rq needs TASKS_REDIS_URL" in result.stderr
