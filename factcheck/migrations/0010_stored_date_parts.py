"""Store the bounds and precision of the interviews', sources' and spoken dates, and what a
mention's phrase reads as when it was not resolved ("in 2016"), derived on save, so that the
API, ClaimReview and the event page never parse a date."""

from django.db import migrations, models

from factcheck.models import (
    MENTION_DATES,
    SOURCE_DATES,
    TRANSCRIPT_DATES,
    derive_mention_dates,
    derive_source_date,
    derive_transcript_dates,
)
from timeline.dates import Precision

PRECISION_CHOICES = [(p.value, p.value) for p in Precision]

# model: (the function save() derives its dates with, the fields it sets)
DERIVED = {
    "Transcript": (derive_transcript_dates, TRANSCRIPT_DATES),
    "Source": (derive_source_date, SOURCE_DATES),
    "Mention": (derive_mention_dates, MENTION_DATES),
}


def derive(apps, schema_editor):
    for name, (derive_dates, fields) in DERIVED.items():
        model = apps.get_model("factcheck", name)
        changed = []
        for row in model.objects.iterator(chunk_size=2000):
            derive_dates(row)
            changed.append(row)
        model.objects.bulk_update(changed, list(fields), batch_size=2000)


def precision(**extra):
    return models.CharField(
        choices=PRECISION_CHOICES, default="", editable=False, max_length=8, **extra
    )


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0009_stored_date_labels")]

    operations = [
        migrations.AddField(
            model_name="mention",
            name="phrase_label",
            field=models.CharField(default="", editable=False, max_length=80),
        ),
        migrations.AddField(
            model_name="mention",
            name="spoken_lower",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="mention",
            name="spoken_upper",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="mention", name="spoken_precision", field=precision(blank=True)
        ),
        migrations.AddField(
            model_name="source",
            name="date_upper",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="source", name="date_precision", field=precision(blank=True)
        ),
        migrations.AddField(
            model_name="transcript", name="interview_date_precision", field=precision()
        ),
        migrations.AddField(
            model_name="transcript",
            name="published_lower",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="transcript",
            name="published_upper",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="transcript", name="published_precision", field=precision(blank=True)
        ),
        migrations.RunPython(derive, migrations.RunPython.noop),
    ]
