"""Search speakers by name from a full-text index (kit.fulltext): the desk finds an interview
by whom it was with, as well as by its title."""

from django.db import migrations

from kit.fulltext import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0029_action_details_edited")]

    operations = [FullTextIndex("speaker", ["name"])]
