"""The database check that the migrations' triggers are still there: a later migration that
remakes a table on SQLite drops its triggers without a word, and the check says so."""

import pytest
from django.db import connection

from kit.checks import TRIGGERS, triggers_in_place

pytestmark = pytest.mark.django_db


def test_a_migrated_database_has_every_trigger():
    assert triggers_in_place(databases=["default"]) == []


def test_a_dropped_trigger_is_named_with_how_to_put_it_back():
    name, table = sorted(TRIGGERS[connection.vendor].items())[0]
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute(
            f'DROP TRIGGER "{name}" ON "{table}"'
            if connection.vendor == "postgresql"
            else f'DROP TRIGGER "{name}"'
        )
    problems = triggers_in_place(databases=["default"])
    assert [problem.id for problem in problems] == ["kit.E001"]
    assert f"The trigger {name} on {table} is missing" in problems[0].msg
    assert "RestoreFullTextTriggers" in problems[0].hint
