from django.db import migrations

from kit.fulltext import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0004_interview_import_and_publication")]

    operations = [FullTextIndex("quote", ["exact"]), FullTextIndex("claim", ["text"])]
