"""Keyset pagination: the next page is "the rows after this one in the list's order", found
with a WHERE on the ordering columns instead of an OFFSET, so page 100 costs what page 1
does and a row added meanwhile neither repeats nor skips one (Markus Winand, "We need tool
support for keyset pagination", use-the-index-luke.com/no-offset).

A cursor is the last row's values for the ordering's columns, written so a person can read
it in a URL (``2016-07-12_2016-07-12_42``). Readers never need to make one, but a
hand-edited cursor that still parses is as good as any other position. Where a cursor
leaves the site (the API), it is signed with the list's name, so one that was edited,
truncated or taken from another list is refused.
"""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Field, Model, Q, QuerySet
from django.http import QueryDict

_SEPARATOR = "_"
# Whole cursors longer than this are no position in any list: refuse them unread.
_MAX_LENGTH = 200


class BadCursor(ValueError):
    """The cursor is not a position in this list: the link is stale or was typed by hand."""


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None  # the cursor of the next page; None on the last page

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    def next_query(self, params: QueryDict, name: str = "after") -> str:
        """The query string of the next page: `params` (the list's filters) with the cursor
        set; "" on the last page."""
        if self.next_cursor is None:
            return ""
        params = params.copy()
        params[name] = self.next_cursor
        return f"?{params.urlencode()}"


@dataclass(frozen=True)
class Keyset:
    """An ordering by `ordering` ("-field" descending; the last term the primary key, so
    the order is total) that pages can resume from. Every column must be non-null; a term
    may name a column of a related row ("quote__start"), which the page's query selects.

    `signed_as` names the list for signing its cursors ("" for unsigned, on-site links)."""

    ordering: tuple[str, ...]
    signed_as: str = ""

    def __post_init__(self) -> None:
        if self.ordering[-1].lstrip("-") != "pk":
            raise ValueError("The ordering must end with the primary key, to be a total order.")

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(term.lstrip("-") for term in self.ordering)

    def _signer(self) -> signing.Signer:
        return signing.Signer(salt=f"keyset.{self.signed_as}")

    def cursor(self, row: Model) -> str:
        """The cursor that resumes the list after `row`."""
        return self._write([_value(row, field) for field in self.fields])

    def cursor_at(self, row: Model) -> str:
        """The cursor whose page starts with `row`: its own values, the primary key one
        step back (no row lies between, as the key is the last term of a total order)."""
        values = [_value(row, field) for field in self.fields]
        values[-1] += 1 if self.ordering[-1].startswith("-") else -1
        return self._write(values)

    def _write(self, values: list[Any]) -> str:
        text = _SEPARATOR.join(v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values)
        return self._signer().sign(text) if self.signed_as else text

    def values(self, model: type[Model], cursor: str) -> dict[str, Any]:
        """The ordering values a cursor holds, typed as `model`'s fields; BadCursor if none."""
        refused = BadCursor("That place in the list is not one this site made; start again.")
        if len(cursor) > _MAX_LENGTH:
            raise refused
        if self.signed_as:
            try:
                cursor = self._signer().unsign(cursor)
            except signing.BadSignature:
                raise refused from None
        parts = cursor.split(_SEPARATOR)
        if len(parts) != len(self.fields):
            raise refused
        values = {}
        for name, text in zip(self.fields, parts, strict=True):
            field = _field(model, name)
            try:
                # ASCII digits only: str.isdigit() and int() also take "²" and "٣".
                if not text.isascii():
                    raise ValidationError("not ASCII")
                value = field.to_python(text)
                field.run_validators(value)
            except (ValidationError, ValueError, OverflowError):
                raise refused from None
            if value is None:
                raise refused
            if name == "pk" and value < 0:
                # No key is negative (cursor_at writes the key before a page's first: 0 at
                # the least): not a place this site made.
                raise refused
            values[name] = value
        return values

    def after(self, values: dict[str, Any]) -> Q:
        """Rows strictly after `values` in this ordering: (a > x) or (a = x and b > y) or ...,
        and a >= x besides: the same rows, but a bound on the index's first column, where the
        disjunction alone has PostgreSQL read the index from its start and discard every
        row before the place (Markus Winand, "Paging Through Results", use-the-index-luke.com:
        the redundant condition for what row values would say)."""
        condition, equal = Q(), Q()
        for term, field in zip(self.ordering, self.fields, strict=True):
            lookup = "lt" if term.startswith("-") else "gt"
            condition |= equal & Q(**{f"{field}__{lookup}": values[field]})
            equal &= Q(**{field: values[field]})
        first, term = self.fields[0], self.ordering[0]
        bound = Q(**{f"{first}__{'lte' if term.startswith('-') else 'gte'}": values[first]})
        return bound & condition

    def page(self, queryset: QuerySet, cursor: str | None, size: int) -> Page:
        """Up to `size` rows of `queryset` after `cursor`, in this ordering. One query: one
        row more than the page tells whether another page follows."""
        if cursor:
            queryset = queryset.filter(self.after(self.values(queryset.model, cursor)))
        rows = list(queryset.order_by(*self.ordering)[: size + 1])
        if len(rows) <= size:
            return Page(rows, None)
        rows = rows[:size]
        return Page(rows, self.cursor(rows[-1]))


def _field(model: type[Model], path: str) -> Field:
    """The column `path` names, from `model` ("start", "quote__start", "pk")."""
    *relations, name = path.split("__")
    for relation in relations:
        related = model._meta.get_field(relation).related_model
        assert isinstance(related, type), f"{relation} is a relation of {model.__name__}"
        model = related
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    assert isinstance(field, Field), f"{path} is a column of {model.__name__}"
    return field


def _value(row: Model, path: str) -> Any:
    """The value of column `path` for `row`, through the related rows its query selected."""
    value: Any = row
    for name in path.split("__"):
        value = getattr(value, name)
    return value
