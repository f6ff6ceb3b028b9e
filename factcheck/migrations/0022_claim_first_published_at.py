from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# Verdict.PUBLIC_STATUSES when this was written: published, or replaced or withdrawn since.
PUBLIC_STATUSES = ["published", "superseded", "withdrawn"]


def record_first_publications(apps, schema_editor):
    """Each claim's first public verdict's publication, for the claims published before
    the column kept it (a database restored from an older backup comes through here too)."""
    Claim = apps.get_model("factcheck", "Claim")
    Verdict = apps.get_model("factcheck", "Verdict")
    first = (
        Verdict.objects.filter(claim=OuterRef("pk"), status__in=PUBLIC_STATUSES)
        .order_by("published_at")
        .values("published_at")[:1]
    )
    Claim.objects.filter(first_published_at__isnull=True).update(first_published_at=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0021_report_outcome"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="first_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(record_first_publications, migrations.RunPython.noop),
    ]
