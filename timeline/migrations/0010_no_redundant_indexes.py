"""Drop the index on date_lower alone: the chronology's index (date_lower, date_upper, id)
leads with it, and eras are a handful. The index alone is dropped, as in factcheck's 0019:
an AlterField would make SQLite copy the events' table, losing its full-text triggers."""

from django.db import migrations, models

DROPPED = {
    # index: table
    "timeline_event_date_lower_6341d840": "timeline_event",
    "timeline_era_date_lower_e80011c4": "timeline_era",
}


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0009_event_published_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("date_lower")',
                )
                for index, table in DROPPED.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name="date_lower",
                    field=models.DateField(editable=False),
                )
                for model in ("era", "event")
            ],
        ),
    ]
