"""Index an event again only when its title or summary changes: the SQLite trigger fired on
any update, so publishing an interview's events wrote each one's index entry again."""

from django.db import migrations

from kit.fulltext import NarrowFullTextUpdateTrigger


class Migration(migrations.Migration):
    dependencies = [("timeline", "0010_no_redundant_indexes")]

    operations = [NarrowFullTextUpdateTrigger("event", ["title", "summary"])]
