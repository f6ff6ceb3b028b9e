from django.db import migrations

from kit.fulltext import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("timeline", "0002_stored_date_label")]

    operations = [FullTextIndex("event", ["title", "summary"])]
