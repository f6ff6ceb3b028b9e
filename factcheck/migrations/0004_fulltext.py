from django.db import migrations

from kit.fulltext import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0003_source_link_check")]

    operations = [FullTextIndex("quote", ["exact"]), FullTextIndex("claim", ["text"])]
