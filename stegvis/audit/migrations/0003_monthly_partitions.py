from django.db import migrations, models

from stegvis.audit.migrations._partitioning import partition, unpartition


def partition_or_fill(apps, schema_editor):
    """PostgreSQL: partition the log by month (copying each subject's event time on the way);
    elsewhere only fill the subjects' new column from their events."""
    if schema_editor.connection.vendor == "postgresql":
        partition(apps, schema_editor)
        return
    schema_editor.execute(
        "UPDATE audit_accesseventsubject SET occurred_at = (SELECT e.occurred_at "
        "FROM audit_accessevent e WHERE e.id = audit_accesseventsubject.event_id)"
    )


class Migration(migrations.Migration):
    # The access log in monthly partitions on PostgreSQL, so retention drops whole months
    # (ADR 0007, "Monthly partitions"). A rewrite of the log: see docs/access-log.md before
    # running it on a large one.

    dependencies = [
        ("audit", "0002_compact_list_reads"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesseventsubject",
            name="occurred_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(partition_or_fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="accesseventsubject",
            name="occurred_at",
            field=models.DateTimeField(),
        ),
        # Backwards the plain tables come back first: a partition key cannot lose NOT NULL.
        migrations.RunPython(migrations.RunPython.noop, unpartition, elidable=False),
    ]
