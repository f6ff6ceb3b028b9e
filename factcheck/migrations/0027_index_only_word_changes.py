"""Index a quote, a claim, a source or an interview again only when its indexed words
change: the SQLite triggers fired on any update, so publishing a verdict wrote its claim's
index entry again, and checking the sources' links wrote every source's."""

from django.db import migrations

from kit.fulltext import NarrowFullTextUpdateTrigger


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0026_search_sources_and_interviews")]

    operations = [
        NarrowFullTextUpdateTrigger("quote", ["exact"]),
        NarrowFullTextUpdateTrigger("claim", ["text"]),
        NarrowFullTextUpdateTrigger("source", ["title", "publisher", "author", "address_words"]),
        NarrowFullTextUpdateTrigger("transcript", ["title"]),
    ]
