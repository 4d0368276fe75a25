# Spärr (blocks): docs/consent-and-blocking.md. Depends on 0002; the lead re-chains at merge.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0004_groups'),
        ('organisation', '0002_system_admin'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessBlock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('lifted_at', models.DateTimeField(blank=True, null=True)),
                ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='access_blocks', to=settings.AUTH_USER_MODEL)),
                ('provider', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.careprovider')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.careunit')),
            ],
            options={
                'verbose_name': 'block',
                'verbose_name_plural': 'blocks',
                'indexes': [models.Index(fields=['citizen', 'lifted_at'], name='block_citizen_lifted')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('lifted_at__isnull', True), ('unit__isnull', False)), fields=('citizen', 'unit'), name='one_active_block_per_unit'), models.UniqueConstraint(condition=models.Q(('lifted_at__isnull', True), ('unit__isnull', True)), fields=('citizen', 'provider'), name='one_active_block_per_provider')],
            },
        ),
    ]
