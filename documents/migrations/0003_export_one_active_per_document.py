from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0002, whose data migration must commit before the index is built."""

    dependencies = [
        ("documents", "0002_export_sent_at_and_one_active"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='exportjob',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ('queued', 'running'))), fields=('biennium', 'format', 'language'), name='export_one_active_per_document'),
        ),
    ]
