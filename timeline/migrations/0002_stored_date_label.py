"""Store each date's label and start year, derived on save, so that pages never parse."""

import datetime

from django.db import migrations, models

from timeline.dates import parse_edtf


def derive(apps, schema_editor):
    for name in ("Era", "Event"):
        model = apps.get_model("timeline", name)
        changed = []
        for dated in model.objects.only("pk", "edtf").iterator(chunk_size=2000):
            fuzzy = parse_edtf(dated.edtf)
            dated.date_label = fuzzy.label
            dated.start_year = None if fuzzy.lower == datetime.date.min else fuzzy.lower.year
            changed.append(dated)
        model.objects.bulk_update(changed, ["date_label", "start_year"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name=name,
            name="date_label",
            field=models.CharField(
                default="",
                editable=False,
                help_text="How readers see the date.",
                max_length=80,
                verbose_name="date",
            ),
            preserve_default=False,
        )
        for name in ("era", "event")
    ] + [
        migrations.AddField(
            model_name=name,
            name="start_year",
            field=models.SmallIntegerField(db_index=True, editable=False, null=True),
        )
        for name in ("era", "event")
    ] + [migrations.RunPython(derive, migrations.RunPython.noop)]
