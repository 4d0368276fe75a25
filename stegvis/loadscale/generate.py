"""Generate a data set batch by batch: each batch of enrollments commits with its record.

A re-run with the same seed finds the GeneratedRun, skips the completed batches and continues;
the region (staff, releases) is found again rather than made twice.
"""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from stegvis.audit.chain import current_key_id
from stegvis.audit.models import AccessEvent, AccessEventSubject
from stegvis.audit.services.sealing import seal_pending
from stegvis.loadscale import region as regions
from stegvis.loadscale.builder import EnrollmentBuilder
from stegvis.loadscale.context import Context, Ids, Person, Shape, UnitPlan, new_rows
from stegvis.loadscale.models import GeneratedBatch, GeneratedRun
from stegvis.loadscale.program import plan_of
from stegvis.loadscale.sealing import lock_chains, seal_batch
from stegvis.loadscale.writer import Tally, advance_sequences, write
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


def generate_batch(
    context: Context, run: GeneratedRun, number: int, first: int, count: int, tally: Tally
) -> Tally:
    """Build and insert one batch with its record, in one transaction."""
    started = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A lost batch after a crash is lost with its record and made again on the next
            # run, so the batch need not wait for its WAL flush.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        lock_chains(sorted({u.provider_id for u in context.units}))
        ids, rows, events = Ids(), new_rows(), []
        for index in range(first, first + count):
            EnrollmentBuilder(context, ids, rows, events, index).build()
        rows[AccessEvent], rows[AccessEventSubject] = seal_batch(events, ids)
        batch_tally = Tally()
        write(rows, batch_tally)
        advance_sequences(ids.used)
        GeneratedBatch.objects.create(
            run=run,
            number=number,
            first_index=first,
            enrollments=count,
            rows=batch_tally.rows,
            seconds=time.perf_counter() - started,
        )
    for table, n in batch_tally.rows.items():
        tally.add(table, n, batch_tally.seconds[table])
    return batch_tally


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
    while first < request.enrollments:
        count = min(run.batch_size, request.enrollments - first)
        batch_tally = generate_batch(context, run, number, first, count, tally)
        if on_batch:
            on_batch(count, batch_tally)
        number, first = number + 1, first + count
    return run, context, region, tally
