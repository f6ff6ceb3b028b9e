"""Search sources and interviews from a full-text index (kit.fulltext), as events, quotes and
claims are: a source by its title, publisher, author and the words of its address, which are
stored on save; an interview, on the desk, by its title."""

from django.db import migrations, models

from kit.fulltext import FullTextIndex, address_words


def derive(apps, schema_editor):
    Source = apps.get_model("factcheck", "Source")
    changed = []
    fields = ("url", "title", "publisher", "author")
    for source in Source.objects.only("pk", *fields).iterator(chunk_size=2000):
        source.address_words = address_words(*(getattr(source, field) for field in fields))
        changed.append(source)
    Source.objects.bulk_update(changed, ["address_words"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0025_transcript_title_nocase")]

    operations = [
        migrations.AddField(
            model_name="source",
            name="address_words",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(derive, migrations.RunPython.noop, elidable=True),
        FullTextIndex("source", ["title", "publisher", "author", "address_words"]),
        FullTextIndex("transcript", ["title"]),
    ]
