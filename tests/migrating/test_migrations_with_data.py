"""Every app's latest migration runs on a database with data in it (issue 14).

For each Stegvis app, the database is taken back to just before that app's latest migration
(its previous migration, or the app not migrated at all when the latest is the initial one;
the apps that depend on it go back with it). Representative rows go into every table that is
there then, through the historical models of that state; then the database is migrated forward
again and every row must still be there. Two access events in one chain, for example, would
have caught the old audit 0003 (a unique (chain, sequence) added with default 0).

An initial migration that other apps' migrations build on (organisation, catalog, care today)
is not stepped back: that would take all those apps back with it, slowly, with almost nothing
left to put rows in (for organisation, the user model's app, Django's and Wagtail's own
migrations too, some of which cannot be reversed). Migrating from zero covers those; their
next migrations are stepped back like every other.

The migrations are run one by one with states built from each migration's own ancestors (what
Django's executor does, without rendering the whole project's models for every step), so the
test stays fast. When you add a migration that changes data, add its rows to `_insert_rows`.
"""

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.apps import apps as current_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import stegvis

LOCAL_APPS = sorted(p.parent.name for p in Path(stegvis.__file__).parent.glob("*/migrations"))

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _targets_before_latest(executor: MigrationExecutor, app: str) -> list[tuple] | None:
    """The migration target just before `app`'s latest migration; None where not stepped back."""
    graph = executor.loader.graph
    (latest,) = [node for node in graph.leaf_nodes() if node[0] == app]
    earlier = [parent for parent in graph.node_map[latest].parents if parent[0] == app]
    if earlier:
        return earlier
    built_on = any(
        latest in graph.forwards_plan(leaf) for leaf in graph.leaf_nodes() if leaf[0] != app
    )
    return None if built_on else [(app, None)]


def _run(executor: MigrationExecutor, targets: list[tuple]) -> None:
    """Apply or unapply the plan to `targets`, one migration at a time."""
    loader, recorder = executor.loader, MigrationRecorder(connection)
    for migration, backwards in executor.migration_plan(targets):
        node = (migration.app_label, migration.name)
        with connection.schema_editor(atomic=migration.atomic) as editor:
            # Both directions take the state before the migration (Migration.unapply replays
            # its operations from there; with the state after it, a RemoveIndex finds no index).
            state = loader.project_state(node, at_end=False)
            if backwards:
                migration.unapply(state, editor)
                recorder.record_unapplied(*node)
            else:
                migration.apply(state, editor)
                recorder.record_applied(*node)
    loader.build_graph()  # reads the applied migrations again


def _applied_state_apps(executor: MigrationExecutor):
    """The historical models of the local apps as the database now has them."""
    applied = executor.loader.applied_migrations
    nodes = [
        max(node for node in applied if node[0] == app)
        for app in LOCAL_APPS
        if any(node[0] == app for node in applied)
    ]
    return executor.loader.project_state(nodes).apps


class _Rows:
    """Creates rows through historical models, skipping models and fields not there yet."""

    def __init__(self, apps, tag: str):
        self.apps, self.tag, self.made = apps, tag, []

    def make(self, label: str, **values):
        try:
            model = self.apps.get_model(label)
        except LookupError:
            return None
        if any(value is None for value in values.values()):
            return None  # a row it points at is not there in this state
        names = {field.name for field in model._meta.get_fields()}
        row = model._base_manager.create(**{k: v for k, v in values.items() if k in names})
        self.made.append((label, row.pk))
        return row


def _insert_rows(rows: _Rows) -> None:
    tag, now, make = rows.tag, timezone.now(), rows.make
    provider = make("organisation.CareProvider", code=f"p{tag}", name=f"Provider {tag}")
    unit = make("organisation.CareUnit", provider=provider, name="Unit", hsa_id=f"SE{tag}-U")
    staff = make("organisation.User", kind="staff", hsa_id=f"SE{tag}-S", email=f"s{tag}@x.se")
    citizen = make("organisation.User", kind="citizen", personnummer=f"19{tag}01010000", email="")
    make("organisation.RoleGrant", staff=staff, role="practitioner", provider=provider, unit=unit)
    make("organisation.CareAssignment", staff=staff, unit=unit)
    _insert_care_rows(make, tag, now, provider, unit, staff, citizen)
    for sequence in (1, 2):  # two events in one chain: a unique (chain, sequence) must hold
        make(
            "audit.AccessEvent",
            kind="read",
            action="enrollment.view",
            actor=staff,
            provider=provider,
            citizen=citizen,
            chain=provider.pk if provider else 0,
            sequence=sequence,
            prev_hash="0" * 64,
            hash=f"{sequence}" * 64,
            key_id="k1",
        )
    make("audit.Checkpoint", chain=1, sequence=2, link="a" * 64, key_id="k1", signature="s")
    make("audit.LogReviewer", provider=provider, staff=staff, granted_by=staff)
    make("instruments.StoredDefinition", key=f"i{tag}", version="1", definition={"items": []})
    make("notifications.Preference", user=citizen, email="c@x.se")
    make(
        "notifications.Notification",
        recipient=citizen,
        kind="message",
        channel="email",
        key=f"n{tag}",
        unit=unit,
        subject_kind="enrollment",
        subject_id=1,
    )


def _insert_care_rows(make: Callable, tag, now, provider, unit, staff, citizen) -> None:
    release = make(
        "catalog.ProgramRelease",
        program_key=f"prog{tag}",
        name="Program",
        owner=provider,
        major=1,
        minor=0,
        document={"modules": []},
        content_hash="h" * 64,
    )
    make("catalog.UnitActivation", release=release, unit=unit)
    enrollment = make(
        "care.Enrollment",
        citizen=citizen,
        unit=unit,
        release=release,
        phase="treatment",
        start_date=date(2026, 1, 1),
        practitioner=staff,
    )
    make("care.ModuleState", enrollment=enrollment, module_key="m1")
    make("care.StepProgress", enrollment=enrollment, step_key="s1")
    make("care.Answer", enrollment=enrollment, block_key="b1", value={"text": "svar"})
    make("care.Activity", enrollment=enrollment, key="a1", kind="step", due_at=now)
    make(
        "care.Activity",
        enrollment=enrollment,
        key="a2",
        kind="questionnaire",
        due_at=now + timedelta(days=7),
    )
    make("care.Flag", enrollment=enrollment, kind="alert", level="red", dedupe_key="f1")
    make("care.HistoryEvent", enrollment=enrollment, action="enrolled", actor=staff)
    make(
        "messaging.Message",
        enrollment=enrollment,
        author=citizen,
        sender_side="citizen",
        author_role="citizen",
        body="Hej",
    )
    make(
        "relatives.RelativeGrant",
        enrollment=enrollment,
        relative=staff,
        relation="relative",
        invited_by=citizen,
    )


def _missing_rows(made: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [
        (label, pk)
        for label, pk in made
        if not current_apps.get_model(label)._base_manager.filter(pk=pk).exists()
    ]


@pytest.mark.parametrize("app", LOCAL_APPS)
def test_the_latest_migration_keeps_the_rows_already_there(app):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = _targets_before_latest(executor, app)
    if before is None:
        pytest.skip("an initial migration other apps build on: covered by migrating from zero")
    try:
        _run(executor, before)
        rows = _Rows(_applied_state_apps(executor), tag=f"{LOCAL_APPS.index(app):02d}")
        _insert_rows(rows)
    finally:
        _run(executor, leaves)
    assert rows.made, "no rows went in: the test checked nothing"
    assert _missing_rows(rows.made) == []
