"""The lists' sort on stored columns: a count of open red flags (filled from the flags here,
kept by the flag services from now on) and a rank the database computes from it and the phase,
with the index Alla reads in order up to its LIMIT (docs/scaling.md, "The staff lists' read
path")."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery

import stegvis.db


def count_open_red_flags(apps, schema_editor):
    Enrollment = apps.get_model("care", "Enrollment")
    Flag = apps.get_model("care", "Flag")
    red = Flag.objects.filter(acknowledged_at__isnull=True, level="red")
    per_enrollment = (
        red.filter(enrollment=OuterRef("pk"))
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Enrollment.objects.filter(pk__in=red.values("enrollment_id")).update(
        open_red_flags=Subquery(per_enrollment)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0005_blocking"),
        ("catalog", "0001_initial"),
        ("organisation", "0004_user_training_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="open_red_flags",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_open_red_flags, migrations.RunPython.noop, elidable=True),
        migrations.AddField(
            model_name="enrollment",
            name="list_rank",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(open_red_flags__gt=0, then=models.Value(0)),
                    models.When(phase="closed", then=models.Value(2)),
                    default=models.Value(1),
                ),
                output_field=models.SmallIntegerField(),
            ),
        ),
        migrations.AddIndex(
            model_name="enrollment",
            index=stegvis.db.SortIndex(
                models.F("unit"),
                models.F("is_training"),
                models.F("list_rank"),
                models.OrderBy(models.F("last_activity_at"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="enrollment_list_order",
            ),
        ),
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(
                condition=models.Q(("open_red_flags__gt", 0)),
                fields=["unit"],
                name="enrollment_red_flagged",
            ),
        ),
    ]
