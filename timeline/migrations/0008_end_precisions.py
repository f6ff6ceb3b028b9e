"""Store how finely each end of an event's or era's date is known, derived on save, so that
the TimelineJS export gives each end its own precision without parsing a date."""

from django.db import migrations, models

from kit.fulltext import RestoreFullTextTriggers
from timeline.dates import Precision
from timeline.models import derive_dates

NEW_FIELDS = ("start_precision", "end_precision")


def derive(apps, schema_editor):
    for name in ("Era", "Event"):
        model = apps.get_model("timeline", name)
        changed = []
        for row in model.objects.iterator(chunk_size=2000):
            derive_dates(row)
            changed.append(row)
        model.objects.bulk_update(changed, NEW_FIELDS, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("timeline", "0007_long_span")]

    # As in 0007: SQLite adds these NOT NULL columns by remaking the event table, which drops
    # its full-text triggers; they are put back after the columns come, and after they go.
    operations = [
        RestoreFullTextTriggers("event", ["title", "summary"]),
        *(
            migrations.AddField(
                model_name=model,
                name=name,
                field=models.CharField(
                    blank=True,
                    choices=[(p.value, p.value) for p in Precision],
                    default="",
                    editable=False,
                    max_length=8,
                ),
            )
            for model in ("era", "event")
            for name in NEW_FIELDS
        ),
        RestoreFullTextTriggers("event", ["title", "summary"]),
        migrations.RunPython(derive, migrations.RunPython.noop),
    ]
