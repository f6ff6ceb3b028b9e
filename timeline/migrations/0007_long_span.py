"""Mark the dates that span more than a year and a day, so that a date window finds where to
start reading the chronology (EventQuerySet.between) without reading it from the start."""

import datetime

from django.db import migrations, models

from kit.fulltext import RestoreFullTextTriggers

SHORT_SPAN = datetime.timedelta(days=366)  # timeline.models.SHORT_SPAN when this was written


def mark(apps, schema_editor):
    for name in ("Era", "Event"):
        model = apps.get_model("timeline", name)
        rows = model.objects.values_list("pk", "date_lower", "date_upper")
        long_ones = [
            pk for pk, lower, upper in rows.iterator(chunk_size=2000) if upper - lower > SHORT_SPAN
        ]
        for start in range(0, len(long_ones), 500):
            model.objects.filter(pk__in=long_ones[start : start + 500]).update(long_span=True)


class Migration(migrations.Migration):
    dependencies = [("timeline", "0006_date_qualifiers")]

    # SQLite adds (and drops) a NOT NULL column by remaking the table, which drops its
    # triggers: they are put back after the columns come, and after they go when reversed.
    operations = [
        RestoreFullTextTriggers("event", ["title", "summary"]),
        *(
            migrations.AddField(
                model_name=name,
                name="long_span",
                field=models.BooleanField(default=False, editable=False),
            )
            for name in ("era", "event")
        ),
        RestoreFullTextTriggers("event", ["title", "summary"]),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("long_span", True)),
                fields=["date_lower"],
                name="event_long_span",
            ),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
