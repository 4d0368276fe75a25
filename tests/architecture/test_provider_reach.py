"""Every big table reaches its care provider: the shard key for a nation (docs/scaling.md).

Past one PostgreSQL primary, the plan is a distributed PostgreSQL (Citus) with the provider as
the distribution key. That only works if every table that grows with the number of enrollments
can be reached from its rows to `CareProvider` through foreign keys (or carries the provider
itself), so this test walks the models' foreign keys. A new model must either reach a provider
or be named in GLOBAL with the reason it is not per provider.
"""

from collections import deque

from django.apps import apps
from django.db import models

from stegvis.loadscale.writer import ORDER
from stegvis.organisation.models import CareProvider

# Tables not split by provider, and why (each is small or is about a person, not a provider).
GLOBAL: dict[str, str] = {
    "organisation.User": "one account per person, whichever providers treat them (reference)",
    "organisation.Staff": "a proxy of User",
    "organisation.Citizen": "a proxy of User",
    "instruments.StoredDefinition": "instrument definitions are shared by every provider",
    "statistics.SummaryState": "one row: how far the statistics' summaries reach, for all",
    "audit.Checkpoint": "a few rows per chain per day; the chain is the provider's",
    "design.ProgramPage": "the design tool's Wagtail tree, under the provider's root page",
    "design.ModulePage": "the design tool's Wagtail tree",
    "design.SectionPage": "the design tool's Wagtail tree",
    "design.StepPage": "the design tool's Wagtail tree",
    "notifications.Preference": "a person's own channel choices",
    "accounts.IdpSession": "a person's sign-in session at an identity provider (one per session)",
    "notifications.VerificationCode": "a person's pending e-mail or phone check",
    "notifications.DemoOutboxItem": "the demo's outbox only",
    "loadscale.GeneratedRun": "the generator's own bookkeeping",
    "loadscale.GeneratedBatch": "the generator's own bookkeeping",
}

# Big tables that reach the provider through a nullable key, and which rows have none.
NULLABLE_REACH: dict[str, str] = {
    "audit.AccessEvent": "events about no provider's data (a person's own sign-in) have none",
    "audit.AccessEventSubject": "through its event; a list read is at a unit, so it has one",
    "notifications.Notification": "notices about a person's own account name no unit",
}

MAX_HOPS = 3


def provider_path(model: type[models.Model]) -> tuple[list[str], bool] | None:
    """The shortest foreign-key path from `model` to CareProvider, and whether a hop may be null."""
    queue = deque([(model, [], False)])
    seen = {model}
    while queue:
        current, path, nullable = queue.popleft()
        if current is CareProvider:
            return path, nullable
        for field in current._meta.concrete_fields:
            target = field.related_model if field.many_to_one or field.one_to_one else None
            if target is None or target in seen:
                continue
            seen.add(target)
            hop = f"{current.__name__}.{field.name}"
            queue.append((target, [*path, hop], nullable or field.null))
    return None


def project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("stegvis.")]


def test_every_project_table_reaches_a_provider_or_says_why_not():
    unclassified = [
        m._meta.label
        for m in project_models()
        if m is not CareProvider and provider_path(m) is None and m._meta.label not in GLOBAL
    ]
    assert unclassified == [], "reach CareProvider by a foreign key, or add to GLOBAL with why"
    stale = [label for label in GLOBAL if provider_path(apps.get_model(label)) is not None]
    assert stale == [], "these reach a provider now: remove them from GLOBAL"


def test_the_big_tables_reach_their_provider_in_a_few_hops():
    big = [m for m in ORDER if m._meta.label not in GLOBAL]
    big.append(apps.get_model("notifications.Notification"))
    for model in big:
        label = model._meta.label
        found = provider_path(model)
        assert found is not None, label
        path, nullable = found
        assert len(path) <= MAX_HOPS, (label, path)
        assert nullable == (label in NULLABLE_REACH), (label, path)


def test_an_enrollments_rows_reach_the_provider_through_its_unit():
    from stegvis.care.models import Answer

    assert provider_path(Answer) == (
        ["Answer.enrollment", "Enrollment.unit", "CareUnit.provider"],
        False,
    )
