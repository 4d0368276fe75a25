"""The citizen's approval of a relative's access (docs/relatives.md).

Grants given before approvals were asked for keep working: they are marked approved from the
day they were given, as "given before approvals were asked for", so that a relative following
a citizen today does not lose access overnight. The citizen sees them in "Who else has access"
and may take an approval the rules now ask of them back there (docs/relatives.md, "Grants from
before").
"""

from django.db import migrations, models
from django.db.models import F


def approve_existing(apps, schema_editor):
    RelativeGrant = apps.get_model("relatives", "RelativeGrant")
    RelativeGrant.objects.filter(approved_at__isnull=True).update(
        approved_at=F("invited_at"), approval="before_consent"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("relatives", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="relativegrant",
            name="approved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="relativegrant",
            name="approval",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Waiting for the citizen's approval"),
                    ("citizen", "Approved by the citizen"),
                    ("not_needed", "Guardian of a child: no approval needed"),
                    ("before_consent", "Given before approvals were asked for"),
                    ("declined", "Declined by the citizen"),
                ],
                default="",
                max_length=16,
                verbose_name="approval",
            ),
        ),
        migrations.RunPython(approve_existing, migrations.RunPython.noop),
    ]
