"""Store how readers see the interviews', sources' and spoken dates, derived on save, so that
pages never parse a date."""

from django.db import migrations, models

from timeline.dates import parse_edtf

# model: {derived label: the EDTF field it is read from}
LABELS = {
    "Transcript": {"interview_date_label": "interview_date", "published_label": "published"},
    "Source": {"date_label": "date"},
    "Mention": {"spoken_label": "spoken_edtf"},
}


def derive(apps, schema_editor):
    for name, labels in LABELS.items():
        model = apps.get_model("factcheck", name)
        changed = []
        for row in model.objects.only("pk", *labels.values()).iterator(chunk_size=2000):
            for label, edtf in labels.items():
                value = getattr(row, edtf)
                setattr(row, label, parse_edtf(value).label if value else "")
            changed.append(row)
        model.objects.bulk_update(changed, list(labels), batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0008_interview_date_bounds")]

    operations = [
        *(
            migrations.AddField(
                model_name=name.lower(),
                name=label,
                field=models.CharField(
                    max_length=80, editable=False, default="", **extra
                ),
            )
            for name, labels in LABELS.items()
            for label in labels
            for extra in [{"verbose_name": "date"} if name == "Source" else {}]
        ),
        migrations.RunPython(derive, migrations.RunPython.noop),
    ]
