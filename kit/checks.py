"""A check, run by `manage.py check --database default` (and so by `./dev test` and CI), that
the triggers the migrations put in the database are still there.

Some of what readers see is kept in step by the database itself: SQLite's full-text indexes
(kit.fulltext) and each link's copy of its event's dates and publication (factcheck 0015,
0016). A later migration that makes SQLite copy a table into a new one (adding a NOT NULL
column, altering a field) leaves that table's triggers behind, silently: searches would
stop finding new words and links would keep old dates. This names what is missing, so the
migration that dropped it can put it back (kit.fulltext.RestoreFullTextTriggers, or the
statements of the migration that made it)."""

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections

from kit.fulltext import fts_table

# Tables with a full-text index, and those whose rows copy another's (or are copied).
FULL_TEXT_TABLES = (
    "timeline_event",
    "factcheck_quote",
    "factcheck_claim",
    "factcheck_source",
    "factcheck_transcript",
    "factcheck_speaker",
)
TRIGGERS = {
    "sqlite": {
        **{fts_table(table) + f"_{suffix}": table for table in FULL_TEXT_TABLES
           for suffix in ("ai", "ad", "au")},
        "factcheck_mention_event_copy_insert": "factcheck_mention",
        "factcheck_mention_event_copy_update": "factcheck_mention",
        "timeline_event_copy_to_mentions": "timeline_event",
    },
    "postgresql": {
        "factcheck_mention_event_copy": "factcheck_mention",
        "timeline_event_copy_to_mentions": "timeline_event",
    },
}  # fmt: skip

_PRESENT = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
}


@register(Tags.database)
def triggers_in_place(databases=None, **kwargs) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        expected = TRIGGERS.get(connection.vendor, {})
        tables = set(connection.introspection.table_names())
        if not expected or not set(expected.values()) <= tables:
            continue  # not migrated yet: `migrate` makes them
        with connection.cursor() as cursor:
            cursor.execute(_PRESENT[connection.vendor])
            present = {name for (name,) in cursor.fetchall()}
        for name, table in sorted(expected.items()):
            if name not in present:
                problems.append(
                    Error(
                        f"The trigger {name} on {table} is missing from the database "
                        f"“{alias}”: what it keeps in step (a full-text index, a link's copy "
                        "of its event) goes stale.",
                        hint="A migration that remade the table dropped it: add a step that "
                        "creates it again (kit.fulltext.RestoreFullTextTriggers for a full-text "
                        "index; the statements of factcheck 0016 for the links).",
                        id="kit.E001",
                    )
                )
    return problems
