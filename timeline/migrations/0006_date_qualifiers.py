"""Store each date's EDTF qualifiers (approximate, uncertain), derived on save, so that the
chronology marks them without parsing a row."""

from django.db import migrations, models

from timeline.dates import parse_edtf

TABLES = {"era": "timeline_era", "event": "timeline_event"}
QUALIFIERS = ("approximate", "uncertain")


def derive(apps, schema_editor):
    for name in ("Era", "Event"):
        model = apps.get_model("timeline", name)
        changed = []
        for dated in model.objects.only("pk", "edtf").iterator(chunk_size=2000):
            fuzzy = parse_edtf(dated.edtf)
            dated.approximate, dated.uncertain = fuzzy.approximate, fuzzy.uncertain
            changed.append(dated)
        model.objects.bulk_update(changed, list(QUALIFIERS), batch_size=2000)


def add_column(model_name: str, field: str) -> migrations.SeparateDatabaseAndState:
    """The column added in place with plain SQL (valid on SQLite and PostgreSQL): Django's
    SQLite backend would rebuild the whole table for a NOT NULL column, and the rebuild
    drops the triggers that keep the full-text index (0003) up to date."""
    table = TABLES[model_name]
    return migrations.SeparateDatabaseAndState(
        database_operations=[
            migrations.RunSQL(
                f'ALTER TABLE "{table}" ADD COLUMN "{field}" boolean DEFAULT false NOT NULL',
                f'ALTER TABLE "{table}" DROP COLUMN "{field}"',
            )
        ],
        state_operations=[
            migrations.AddField(
                model_name=model_name,
                name=field,
                field=models.BooleanField(db_default=False, editable=False),
            )
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("timeline", "0005_public_since")]

    operations = [add_column(name, field) for name in TABLES for field in QUALIFIERS] + [
        migrations.RunPython(derive, migrations.RunPython.noop)
    ]
