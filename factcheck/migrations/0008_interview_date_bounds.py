"""The interview date's bounds, stored: lists sort interviews by date, not by EDTF text."""

from django.db import migrations, models

from timeline.dates import parse_edtf


def derive_bounds(apps, schema_editor) -> None:
    Transcript = apps.get_model("factcheck", "Transcript")
    for transcript in Transcript.objects.only("pk", "interview_date"):
        interview = parse_edtf(transcript.interview_date)
        Transcript.objects.filter(pk=transcript.pk).update(
            interview_date_lower=interview.lower, interview_date_upper=interview.upper
        )


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0007_public_since"),
    ]

    operations = [
        migrations.AddField(
            model_name="transcript",
            name="interview_date_lower",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="transcript",
            name="interview_date_upper",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(derive_bounds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="transcript",
            name="interview_date_lower",
            field=models.DateField(editable=False),
        ),
        migrations.AlterField(
            model_name="transcript",
            name="interview_date_upper",
            field=models.DateField(editable=False),
        ),
        migrations.AlterModelOptions(
            name="transcript",
            options={
                "ordering": ["-interview_date_lower", "-interview_date_upper", "title"],
                "permissions": [
                    ("publish_transcript", "Can publish an interview someone else imported"),
                ],
            },
        ),
    ]
