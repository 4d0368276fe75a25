"""Generate a data set batch by batch: each batch of enrollments commits with its record.

A re-run with the same seed finds the GeneratedRun, skips the completed batches and continues;
the region (staff, releases) is found again rather than made twice.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from stegvis.audit import partitions
from stegvis.audit.chain import current_key_id
from stegvis.audit.services.sealing import seal_pending
from stegvis.loadscale import region as regions
from stegvis.loadscale.builder import AGE_DAYS
from stegvis.loadscale.context import Context, Ids, Person, Shape, UnitPlan
from stegvis.loadscale.models import GeneratedRun
from stegvis.loadscale.pipeline import Batch, Writer, build_batch, write_batch
from stegvis.loadscale.program import plan_of
from stegvis.loadscale.writer import Tally
from stegvis.organisation.models import Role, RoleGrant


@dataclass(frozen=True)
class Request:
    enrollments: int
    providers: int = 2
    units: int = 8
    seed: int = 1
    batch_size: int = 1000
    shape: Shape = field(default_factory=Shape)
    anchor: dt.date | None = None
    overlap: bool = True  # write each batch in a thread while the next one is generated


def find_or_start_run(request: Request) -> GeneratedRun:
    """The run of this seed; its providers, units and batch size cannot change on a re-run."""
    run = GeneratedRun.objects.filter(seed=request.seed).first()
    if run is None:
        day = request.anchor or timezone.now().date()
        return GeneratedRun.objects.create(
            seed=request.seed,
            providers=request.providers,
            units=request.units,
            batch_size=request.batch_size,
            anchor=dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC),
            parameters={
                "sized_for": request.enrollments,
                "answers": request.shape.answers,
                "messages": request.shape.messages,
                "events": request.shape.events,
            },
        )
    fixed = (run.providers, run.units, run.batch_size)
    if fixed != (request.providers, request.units, request.batch_size):
        raise CommandError(
            f"Seed {run.seed} was generated with --providers {run.providers} --units "
            f"{run.units} --batch {run.batch_size}; use the same to continue it."
        )
    return run


def build_context(run: GeneratedRun) -> tuple[Context, regions.Region]:
    params = run.parameters
    region = regions.build_region(
        providers=run.providers, units=run.units, enrollments=params["sized_for"]
    )
    seal_pending()  # the releases' own events, so the batches continue each chain's head
    if partitions.is_partitioned():
        # A month partition for every generated event, from the oldest enrollment's start.
        anchor = timezone.localtime(run.anchor).date()
        oldest = anchor - dt.timedelta(days=max(high for _, high in AGE_DAYS.values()))
        partitions.ensure(oldest, partitions.ahead_of(anchor))
    plans = {}
    units = []
    for unit, weight in zip(region.units, region.unit_weights, strict=True):
        units.append(_unit_plan(unit, weight, region, plans, run.seed))
    for unit in units:
        unit.siblings = [u.id for u in units if u.provider_id == unit.provider_id and u is not unit]
    context = Context(
        seed=run.seed,
        anchor=run.anchor.astimezone(dt.UTC),
        units=units,
        shape=Shape(params["answers"], params["messages"], params["events"]),
        password_hash=region.password_hash,
        key_id=current_key_id(),
    )
    return context, region


def _unit_plan(unit, weight: float, region: regions.Region, plans: dict, seed: int) -> UnitPlan:
    people = {
        grant.staff_id: grant.staff.hsa_id
        for grant in RoleGrant.objects.active().filter(unit=unit).select_related("staff")
    }
    practitioners = [
        Person(pk, people[pk], Role.PRACTITIONER) for pk in region.practitioners[unit.pk]
    ]
    admin_id = (
        RoleGrant.objects.active()
        .filter(unit=unit, role=Role.CITIZEN_ADMIN)
        .exclude(staff_id__in=region.practitioners[unit.pk])
        .values_list("staff_id", flat=True)
        .first()
    )
    programs = []
    for release, share in region.releases[unit.pk]:
        if release.pk not in plans:
            plans[release.pk] = plan_of(release, seed)
        programs.append((plans[release.pk], share))
    return UnitPlan(
        id=unit.pk,
        provider_id=unit.provider_id,
        weight=weight,
        practitioners=practitioners,
        citizen_admin=Person(admin_id, people[admin_id], Role.CITIZEN_ADMIN),
        programs=programs,
    )


def generate(
    request: Request, *, on_batch: Callable[[int, Tally], None] | None = None
) -> tuple[GeneratedRun, Context, regions.Region, Tally]:
    """Generate the missing batches of `request.enrollments` enrollments."""
    run = find_or_start_run(request)
    context, region = build_context(run)
    tally = Tally()
    done = run.batches.aggregate(n=Count("id"), covered=Sum("enrollments"))
    number, first = done["n"], done["covered"] or 0
    if on_batch and first:
        on_batch(min(first, request.enrollments), None)

    def report(written: list[tuple[Batch, Tally]]) -> None:
        for batch, batch_tally in written:
            for table, n in batch_tally.rows.items():
                tally.add(table, n, batch_tally.seconds[table])
            if on_batch:
                on_batch(batch.count, batch_tally)

    # The writer thread needs committed data to build on: not inside a caller's transaction
    # (a test's), and only on PostgreSQL (SQLite has one writer and is for small runs).
    threaded = (
        request.overlap and connection.vendor == "postgresql" and not connection.in_atomic_block
    )
    writer = Writer(partial(write_batch, context, run), threaded=threaded)
    ids, heads = Ids(), {}
    try:
        while first < request.enrollments:
            count = min(run.batch_size, request.enrollments - first)
            writer.put(build_batch(context, number, first, count, ids, heads))
            report(writer.written())
            ids = ids.following()
            number, first = number + 1, first + count
    finally:
        writer.close()
    report(writer.written())
    return run, context, region, tally
