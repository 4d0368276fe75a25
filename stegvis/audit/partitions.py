"""Monthly partitions of the access log on PostgreSQL (ADR 0007, "Monthly partitions").

`audit_accessevent` and `audit_accesseventsubject` are partitioned by range of `occurred_at`
(a subject row carries its event's time): one partition per calendar month, from local
midnight on the first (TIME_ZONE, where retention's cutoffs fall), and a default partition
that takes whatever no month partition covers, so an insert never fails for want of one.
Retention then drops a month whose every event is archived instead of deleting its rows one
by one (services/archive.py).

What PostgreSQL asks of a partitioned table, and how it is met here:
- Its primary key and unique constraints must include `occurred_at`: the keys are
  `(id, occurred_at)`, ids still come from one identity sequence, and the refusal of a second
  event at one link, `(chain, sequence)`, is a unique index per partition (the sealer's chain
  lock is the guard across months; SQLite keeps the table-wide constraint).
- A foreign key to the events would have to name the whole key, and detaching a month would
  check it by scanning every subject: the subjects have none on PostgreSQL (ADR 0007 says why
  nothing is lost).
- Row triggers are inherited by partitions, statement triggers are not: each partition gets
  the no-TRUNCATE trigger of its own.
Creating, detaching and dropping partitions is DDL: only the tables' owner may do it (the
migration, `manage.py audit partitions`, `audit archive`), never the app's role.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from django.db import OperationalError, connection, transaction
from django.utils import timezone

EVENTS = "audit_accessevent"
SUBJECTS = "audit_accesseventsubject"
TABLES = (EVENTS, SUBJECTS)
# Month partitions made ahead of today, by the migration and by `audit partitions`; a month
# not made in time lands in the default partition, which stays correct, only not droppable.
AHEAD = 12
# How long DDL on the log may wait for the tables' lock before it gives up (see _briefly).
LOCK_WAIT = "5s"


def month_start(moment: dt.date | dt.datetime) -> dt.date:
    return dt.date(moment.year, moment.month, 1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of every month from `first`'s to `last`'s, both included."""
    found, month = [], month_start(first)
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found


def starts(month: dt.date) -> dt.datetime:
    """When a month starts: local midnight (TIME_ZONE), as retention's cutoffs are dates there."""
    return timezone.make_aware(dt.datetime.combine(month, dt.time()))


def partition_name(table: str, month: dt.date) -> str:
    return f"{table}_y{month:%Y}m{month:%m}"


def default_name(table: str) -> str:
    return f"{table}_default"


def is_partitioned() -> bool:
    """Whether the events table is partitioned: PostgreSQL after migration audit 0003."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [EVENTS])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def _no_truncate(cursor, table: str, partition: str) -> None:
    cursor.execute(
        f"CREATE TRIGGER {partition}_no_truncate BEFORE TRUNCATE ON {partition} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
    )


def _extras(cursor, partition: str, table: str) -> None:
    """What a new partition needs beyond what it inherits."""
    if table == EVENTS:
        cursor.execute(f"CREATE UNIQUE INDEX {partition}_link ON {partition} (chain, sequence)")
    _no_truncate(cursor, table, partition)


def create_default(cursor) -> None:
    for table in TABLES:
        cursor.execute(f"CREATE TABLE {default_name(table)} PARTITION OF {table} DEFAULT")
        _extras(cursor, default_name(table), table)


def existing(cursor) -> set[dt.date]:
    """The months that have a partition of the events (the subjects have the same ones)."""
    cursor.execute(
        "SELECT child.relname FROM pg_inherits "
        "JOIN pg_class child ON child.oid = pg_inherits.inhrelid "
        "JOIN pg_class parent ON parent.oid = pg_inherits.inhparent "
        "WHERE parent.relname = %s",
        [EVENTS],
    )
    prefix = f"{EVENTS}_y"
    found = set()
    for (name,) in cursor.fetchall():
        if name.startswith(prefix):
            year, month = name[len(prefix) :].split("m")
            found.add(dt.date(int(year), int(month), 1))
    return found


def months_ahead(today: dt.date) -> int:
    """How many months after `today`'s already have a partition (what `audit partitions` keeps
    at AHEAD; a monitor alerts well before it reaches 0)."""
    with connection.cursor() as cursor:
        return sum(1 for month in existing(cursor) if month > month_start(today))


def _in_default(cursor, month: dt.date) -> bool:
    bounds = [starts(month), starts(next_month(month))]
    for table in TABLES:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {default_name(table)} "
            "WHERE occurred_at >= %s AND occurred_at < %s)",
            bounds,
        )
        if cursor.fetchone()[0]:
            return True
    return False


@contextmanager
def _briefly(cursor) -> Iterator[None]:
    """Let DDL on the log wait at most LOCK_WAIT for the tables' lock, for this transaction.

    Creating, detaching or dropping a partition needs an exclusive lock on the parent. Behind a
    long reader (a big review export, say) it would wait, and every request that records an
    access would queue behind it: the site would stop. Better to give up and try again later.
    """
    cursor.execute("SELECT current_setting('lock_timeout')")
    (previous,) = cursor.fetchone()
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_WAIT])
    try:
        yield
    finally:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def _unless_busy(ddl: Callable[[], None]) -> bool:
    """Run `ddl` in a savepoint; False, with nothing done, when the lock was not had in time."""
    try:
        with transaction.atomic():
            ddl()
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        return False
    return True


class Ensured(NamedTuple):
    made: list[dt.date]
    in_default: list[dt.date]  # events already in the default partition: no partition made
    busy: list[dt.date]  # the tables' lock was not had within LOCK_WAIT: try again later


def ensure(first: dt.date, last: dt.date) -> Ensured:
    """Make the missing month partitions from `first`'s month to `last`'s.

    A month whose events already went to the default partition is left out: PostgreSQL would
    refuse the new partition, and those rows are correct where they are.
    """
    done = Ensured([], [], [])
    with transaction.atomic(), connection.cursor() as cursor, _briefly(cursor):
        have = existing(cursor)
        for month in months(first, last):
            if month in have:
                continue
            if _in_default(cursor, month):
                done.in_default.append(month)
                continue
            made = _unless_busy(lambda month=month: _create(cursor, month))
            (done.made if made else done.busy).append(month)
    return done


def _create(cursor, month: dt.date) -> None:
    # DDL takes no parameters; the bounds are times made here.
    start, end = (f"'{starts(day).isoformat()}'" for day in (month, next_month(month)))
    for table in TABLES:
        name = partition_name(table, month)
        cursor.execute(
            f"CREATE TABLE {name} PARTITION OF {table} FOR VALUES FROM ({start}) TO ({end})"
        )
        _extras(cursor, name, table)


def analyze() -> None:
    """Fresh planner statistics of the two partitioned tables.

    Autovacuum analyzes each partition but never a partitioned table itself, and without the
    parent's statistics PostgreSQL misjudges any query over all months: at 600,000 enrollments
    the citizen's "who has read my data" took 229 s (a walk of every month in time order)
    instead of milliseconds. Sampled: about 14 s at that size.
    """
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")


def ahead_of(today: dt.date, ahead: int = AHEAD) -> dt.date:
    """The first day of the month `ahead` months after `today`'s."""
    last = month_start(today)
    for _ in range(ahead):
        last = next_month(last)
    return last


def ensure_ahead(today: dt.date, ahead: int = AHEAD) -> Ensured:
    """This month's partition and the next `ahead` months'."""
    return ensure(today, ahead_of(today, ahead))


def _archived(cursor, events: str, bases: dict[int, int]) -> bool:
    """Whether every event of the partition is sealed at or below its chain's newest base.

    A few index probes, not a scan (a month kept for another provider is checked again on every
    archive run): no row in the unsealed events' partial index, and per chain present (walked
    through the `(chain, sequence)` index) its highest sequence at or below the chain's base.
    """
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {events} WHERE sequence IS NULL)")
    if cursor.fetchone()[0]:
        return False
    cursor.execute(
        "WITH RECURSIVE chains AS ("
        f"(SELECT chain FROM {events} ORDER BY chain LIMIT 1) UNION ALL "
        f"SELECT (SELECT e.chain FROM {events} e WHERE e.chain > chains.chain "
        "ORDER BY e.chain LIMIT 1) FROM chains WHERE chains.chain IS NOT NULL) "
        f"SELECT chain, (SELECT MAX(e.sequence) FROM {events} e WHERE e.chain = chains.chain) "
        "FROM chains WHERE chain IS NOT NULL"
    )
    return all(highest <= bases.get(chain, 0) for chain, highest in cursor.fetchall())


def drop_archived(before: dt.datetime) -> list[dt.date]:
    """Drop every month wholly before `before` whose events are all archived; the months dropped.

    An event is archived when it is sealed at or below its chain's newest base checkpoint:
    `audit archive` wrote it to a file that verifies up to that base. Dropping a month replaces
    deleting its rows (and leaving their dead versions) one by one. A month whose lock is not
    had within LOCK_WAIT is left: the caller deletes its archived rows one by one instead.
    """
    dropped = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT chain, MAX(sequence) FROM audit_checkpoint WHERE kind = 'base' GROUP BY chain"
        )
        bases = dict(cursor.fetchall())
        # ALTER TABLE refuses while deferred foreign-key checks are queued: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with _briefly(cursor):
            for month in sorted(existing(cursor)):
                if starts(next_month(month)) > before:
                    continue
                if not _archived(cursor, partition_name(EVENTS, month), bases):
                    continue
                if _unless_busy(lambda month=month: _drop(cursor, month)):
                    dropped.append(month)
    return dropped


def _drop(cursor, month: dt.date) -> None:
    # The subjects first, so no moment has subjects without their events.
    for table in (SUBJECTS, EVENTS):
        name = partition_name(table, month)
        cursor.execute(f"ALTER TABLE {table} DETACH PARTITION {name}")
        cursor.execute(f"DROP TABLE {name}")
