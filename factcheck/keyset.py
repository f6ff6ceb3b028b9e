"""Keyset pagination: the next page is "the rows after this one in the list's order", found
with a WHERE on the ordering columns instead of an OFFSET, so page 100 costs what page 1
does and a row added meanwhile neither repeats nor skips one (Markus Winand, "We need tool
support for keyset pagination", use-the-index-luke.com/no-offset)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet


class BadCursor(ValueError):
    """The `after` value names no row: the link is stale or was typed by hand."""


@dataclass(frozen=True)
class Page:
    items: list
    next_after: int | None  # the `after` value of the next page; None on the last page
    size: int

    @property
    def has_next(self) -> bool:
        return self.next_after is not None


def _after(ordering: tuple[str, ...], values: dict[str, Any]) -> Q:
    """Rows strictly after `values` in `ordering` ("-field" descending): (a > x) or
    (a = x and b > y) or ..., the last column being the primary key, so it is a total order."""
    condition = Q()
    equal = Q()
    for term in ordering:
        field = term.lstrip("-")
        lookup = "lt" if term.startswith("-") else "gt"
        condition |= equal & Q(**{f"{field}__{lookup}": values[field]})
        equal &= Q(**{field: values[field]})
    return condition


def parse_after(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise BadCursor(f"“{raw[:20]}” is not a place in this list.")
    return int(raw)


def keyset_page(
    queryset: QuerySet, *, ordering: tuple[str, ...], after: int | None, size: int
) -> Page:
    """One page of `queryset` in `ordering` (which must end with "pk" or "-pk"), starting
    after the row whose primary key is `after`. Two queries at most: the cursor row's
    ordering values, then the page (one row more than `size`, to know whether more follow)."""
    if ordering[-1].lstrip("-") != "pk":
        raise ValueError("The ordering must end with the primary key, to be a total order.")
    model: type[Model] = queryset.model
    if after is not None:
        fields = [term.lstrip("-") for term in ordering]
        values = model._default_manager.filter(pk=after).values(*fields).first()
        if values is None:
            raise BadCursor("That place in the list no longer exists; start from the first page.")
        queryset = queryset.filter(_after(ordering, values))
    rows = list(queryset.order_by(*ordering)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(items=rows, next_after=rows[-1].pk if more else None, size=size)
