"""Links readers see: every link so far, and from now on not one made at the desk until an
approver publishes a verdict on its claim; the record of who placed a claim on the
chronology."""

import django.utils.timezone
from django.db import migrations, models


def existing_links_are_public(apps, schema_editor) -> None:
    Mention = apps.get_model("factcheck", "Mention")
    Mention.objects.filter(published_at__isnull=True).update(
        published_at=django.utils.timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0006_speaker_aliases_and_appearances"),
    ]

    operations = [
        # Added without a default, then filled, as timeline's 0005: no table rebuild.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="mention",
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
                    model_name="mention",
                    name="published_at",
                    field=models.DateTimeField(null=True, verbose_name="public since"),
                ),
                migrations.RunPython(existing_links_are_public, migrations.RunPython.noop),
            ],
        ),
        migrations.AlterField(
            model_name="action",
            name="verb",
            field=models.CharField(
                choices=[
                    ("imported", "imported"),
                    ("made_public", "published the interview"),
                    ("claim_created", "created the claim"),
                    ("drafted", "drafted a verdict"),
                    ("edited", "edited the draft"),
                    ("submitted", "submitted for review"),
                    ("returned", "sent back"),
                    ("published", "published"),
                    ("corrected", "corrected"),
                    ("withdrawn", "withdrew the verdict"),
                    ("event_created", "created the event"),
                    ("linked", "linked the event"),
                    ("unlinked", "unlinked the event"),
                ],
                max_length=16,
            ),
        ),
    ]
