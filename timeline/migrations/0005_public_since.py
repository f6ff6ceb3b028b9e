"""Events readers see: every event so far (the admin's and the loaders'), and from now on
not one created at the desk until an approver publishes its claim's verdict."""

import django.utils.timezone
from django.db import migrations, models


def existing_events_are_public(apps, schema_editor) -> None:
    Event = apps.get_model("timeline", "Event")
    Event.objects.filter(published_at__isnull=True).update(
        published_at=django.utils.timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0004_event_indexes"),
    ]

    operations = [
        # The column is added without a default, then filled: with a default SQLite would
        # rebuild the table, and the rebuild drops the full-text index's triggers
        # (kit.fulltext), after which new events would never be found.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="event",
                    name="published_at",
                    field=models.DateTimeField(
                        blank=True,
                        default=django.utils.timezone.now,
                        editable=False,
                        null=True,
                        verbose_name="public since",
                    ),
                ),
            ],
            database_operations=[
                migrations.AddField(
                    model_name="event",
                    name="published_at",
                    field=models.DateTimeField(null=True, verbose_name="public since"),
                ),
                migrations.RunPython(existing_events_are_public, migrations.RunPython.noop),
            ],
        ),
    ]
