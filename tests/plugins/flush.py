"""Put back content types and permissions after a test's flush instead of recomputing them.

After every transactional test (every browser test, the live API tests) Django empties each
table and sends
`post_migrate`, whose `create_contenttypes` and `create_permissions` then rebuild some 600
rows app by app, with a few queries per app (about a second per test, the largest part of a
typical browser test's own time). Those rows are the same after every flush, so the first
flush on a worker runs `post_migrate` as Django does and keeps them; later ones insert the kept
rows in one statement per table and send `post_migrate` to every other receiver as before
(Wagtail's, the design tool's group sync, the cache tables), so the database a test starts
from is the one Django's flush gives, with the same content type and permission rows.
"""

import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.core.management import sql
from django.core.management.commands import flush
from django.db import transaction
from django.db.models.signals import post_migrate

_django_emit = sql.emit_post_migrate_signal
# Database alias -> (content type rows, permission rows), as the first flush's post_migrate
# left them.
_kept: dict[str, tuple[list[tuple], list[tuple]]] = {}
_RESTORED_BY_US = (create_contenttypes, create_permissions)


def _rows(db: str) -> tuple[list[tuple], list[tuple]]:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    content_types = list(ContentType.objects.using(db).values_list("id", "app_label", "model"))
    permissions = list(
        Permission.objects.using(db).values_list("id", "name", "content_type_id", "codename")
    )
    return content_types, permissions


def _restore(db: str, content_types: list[tuple], permissions: list[tuple]) -> None:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic(using=db):
        ContentType.objects.using(db).bulk_create(
            ContentType(id=pk, app_label=app_label, model=model)
            for pk, app_label, model in content_types
        )
        Permission.objects.using(db).bulk_create(
            Permission(id=pk, name=name, content_type_id=content_type, codename=codename)
            for pk, name, content_type, codename in permissions
        )
    ContentType.objects.clear_cache()  # as create_contenttypes does


@contextmanager
def _without_receivers(*functions) -> Iterator[None]:
    """Send `post_migrate` to every receiver but `functions`, keeping the others' order."""
    receivers = post_migrate.receivers

    def target(entry):
        receiver = entry[1]
        return receiver() if isinstance(receiver, weakref.ref) else receiver

    post_migrate.receivers = [entry for entry in receivers if target(entry) not in functions]
    post_migrate.sender_receivers_cache.clear()
    try:
        yield
    finally:
        post_migrate.receivers = receivers
        post_migrate.sender_receivers_cache.clear()


def emit_post_migrate_signal(verbosity, interactive, db, **kwargs) -> None:
    kept = _kept.get(db)
    if kept is None:
        _django_emit(verbosity, interactive, db, **kwargs)
        _kept[db] = _rows(db)
        return
    _restore(db, *kept)
    with _without_receivers(*_RESTORED_BY_US):
        _django_emit(verbosity, interactive, db, **kwargs)


@contextmanager
def restoring_content_types_and_permissions() -> Iterator[None]:
    """While open, the flush command puts the kept rows back (see the module's docstring)."""
    flush.emit_post_migrate_signal = emit_post_migrate_signal
    try:
        yield
    finally:
        flush.emit_post_migrate_signal = _django_emit


@pytest.fixture(scope="session", autouse=True)
def _quick_flush() -> Iterator[None]:
    """Session-wide, so it wraps every test's fixtures, pytest-django's flush included."""
    with restoring_content_types_and_permissions():
        yield
