"""Query expressions Django does not have."""

import json
from collections.abc import Sequence
from typing import Any

from django.db.models import (
    Aggregate,
    BooleanField,
    Expression,
    F,
    JSONField,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import Combinable


class KeyIn(Expression):
    """The row's primary key (or `column`) is one of `keys`, a list of ints, as a condition
    for filter() or a Q. The list goes to the database as one parameter, an array on
    PostgreSQL (`= ANY(%s)`) and JSON read by `json_each` on SQLite, where `pk__in` makes
    one parameter of each key for Django to prepare and the database to parse: a thousand
    keys cost 9 ms that way on PostgreSQL, 3 this way (0.9 from 2.9 on SQLite). Either way
    the parameter is text the driver sends as it is: psycopg writes a Python list out item
    by item in Python (0.47 ms for a thousand keys, where joining them takes 0.08)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, keys: list[int], column: str = "pk") -> None:
        super().__init__()
        self.keys = [int(key) for key in keys]
        self.key: Any = F(column)  # the column itself, once resolved

    def get_source_expressions(self) -> list[Any]:
        return [self.key]

    def set_source_expressions(self, expressions: Sequence[Combinable | Expression]) -> None:
        (self.key,) = expressions

    def as_sql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        sql, params = compiler.compile(self.key)
        return f"{sql} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.keys)]

    def as_postgresql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        sql, params = compiler.compile(self.key)
        # Cast to the key's own type: psycopg types a list by its largest number (smallint
        # for small keys), and a constant array of the key's type is one PostgreSQL hashes
        # once, where another it searches for each row it tests.
        array = f"{self.key.output_field.cast_db_type(connection)}[]"
        literal = "{" + ",".join(map(str, self.keys)) + "}"
        return f"{sql} = ANY(%s::{array})", [*params, literal]


class JSONList(Aggregate):
    """A group's values as one list, read as a Python list: SQLite's json_group_array,
    PostgreSQL's jsonb_agg (which Django, asking psycopg for JSON as text, reads as
    JSONField does). In a correlated subquery, a row's few related keys read with it."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context) -> tuple[str, Sequence[Any]]:
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class ListSubquery(Subquery):
    """The values of `column` in the rows of `queryset`, a subquery the caller orders and
    slices, as a list in that order: a row's first few related values, read in the row's
    own query. PostgreSQL's ARRAY() of it, which keeps its order; SQLite's
    json_group_array over it, which keeps it too, though SQLite promises an aggregate's
    order only from 3.44 (ORDER BY inside the aggregate); tests/kit/test_expressions.py
    holds it to it. Read as JSON (as JSONList is), without the column's own conversion:
    text and whole numbers read alike on both databases, other types need not."""

    template = '(SELECT JSON_GROUP_ARRAY("listed") FROM (%(subquery)s))'
    output_field = JSONField()

    def __init__(self, queryset: QuerySet, column: str, **extra: Any) -> None:
        super().__init__(queryset.values(listed=F(column)), **extra)

    def as_postgresql(self, compiler, connection, **extra_context) -> tuple[str, Sequence[Any]]:
        extra_context["template"] = "TO_JSONB(ARRAY(%(subquery)s))"
        return self.as_sql(compiler, connection, **extra_context)
