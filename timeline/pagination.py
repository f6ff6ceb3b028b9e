"""Keyset pagination of the chronology: a page is "the events after this one", never an
OFFSET, so every page costs the same however deep the reader goes and an event added
meanwhile never shifts a page or shows twice.

The cursor names the last event shown by its sort key, (date_lower, date_upper, pk), written
so a person can read it in a URL: ``2016-07-12_2016-07-12_42``. It is opaque in the sense
that readers never need to make one, not secret: a hand-edited cursor that still parses is
as good as any other position in the chronology.
"""

import datetime
from dataclasses import dataclass

from timeline.models import Event, EventQuerySet

PAGE_SIZE = 20
_SEPARATOR = "_"


class InvalidCursor(ValueError):
    """The `after` parameter is not a position in the chronology."""


@dataclass(frozen=True)
class Cursor:
    date_lower: datetime.date
    date_upper: datetime.date
    pk: int

    def __str__(self) -> str:
        return _SEPARATOR.join(
            [self.date_lower.isoformat(), self.date_upper.isoformat(), str(self.pk)]
        )

    @classmethod
    def of(cls, event: Event) -> "Cursor":
        return cls(event.date_lower, event.date_upper, event.pk)

    @classmethod
    def before_year(cls, year: int) -> "Cursor":
        """The position just before the first event that starts in `year`."""
        return cls(datetime.date(year, 1, 1), datetime.date.min, 0)

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        parts = text.split(_SEPARATOR)
        try:
            lower, upper, pk = parts
            cursor = cls(
                datetime.date.fromisoformat(lower), datetime.date.fromisoformat(upper), int(pk)
            )
        except ValueError:
            raise InvalidCursor(
                "This link’s position in the chronology (“after”) is not one this site made; "
                "the list starts from the beginning instead."
            ) from None
        if cursor.pk < 0:
            raise InvalidCursor("A position in the chronology cannot be negative.")
        return cursor


@dataclass(frozen=True)
class Page:
    events: list[Event]
    next_cursor: Cursor | None  # None on the last page


def page_after(queryset: EventQuerySet, cursor: Cursor | None, size: int = PAGE_SIZE) -> Page:
    """Up to `size` events of `queryset` after `cursor`, in chronological order. One query:
    one row more than the page tells whether another page follows."""
    if cursor is not None:
        queryset = queryset.after(cursor.date_lower, cursor.date_upper, cursor.pk)
    events = list(queryset.chronological()[: size + 1])
    if len(events) <= size:
        return Page(events, None)
    events = events[:size]
    return Page(events, Cursor.of(events[-1]))
