"""EDTF dates as other programs read them: the date with its bounds for sorting and
filtering, and Knight Lab TimelineJS3's date objects. Used by the API and the exports, from
the columns derived when each date was saved (parse on write): nothing here parses a date."""

from datetime import date
from typing import Any

from timeline.dates import Precision, StoredDate
from timeline.models import FuzzyDated


def iso_bound(day: date) -> str | None:
    """A bound as an ISO date; None for the open or unknown end of an interval (stored as
    date.min / date.max for sorting, but no such day is meant)."""
    return None if day in (date.min, date.max) else day.isoformat()


def date_json(stored: StoredDate) -> dict[str, Any]:
    """A date with everything a program needs to sort and filter on it, from what was stored
    when it was saved: nothing is parsed."""
    return {
        "edtf": stored.edtf,
        "label": stored.label,
        "lower": iso_bound(stored.lower),
        "upper": iso_bound(stored.upper),
        "precision": stored.precision.value,
        "approximate": stored.approximate,
        "uncertain": stored.uncertain,
    }


def _timelinejs_day(day: date, precision: Precision) -> dict[str, int]:
    """A TimelineJS date object that says no more than is known: a year-precision date is
    {"year": 2012}, never 1 January 2012."""
    if precision is Precision.DAY:
        return {"year": day.year, "month": day.month, "day": day.day}
    if precision is Precision.MONTH or precision is Precision.SEASON:
        # A season is a run of whole months (the edtf library's bounds), so its first and
        # last months are known; its days are not.
        return {"year": day.year, "month": day.month}
    return {"year": day.year}


def timelinejs_span(
    lower: date, upper: date, start: Precision | None, end: Precision | None
) -> dict[str, dict[str, int]]:
    """`start_date` and, when the date is a span, `end_date`, in Knight Lab TimelineJS3's date
    objects (https://timeline.knightlab.com/docs/json-format.html, "Date objects"), from a
    date's bounds and the precision each of its ends is known to (None for an open ("..") or
    unknown ("") end; timeline.dates.end_precisions).

    Each end keeps its own precision: 2024-01/2024-02 runs from {2024, 1} to {2024, 2}; 199X
    from {1990} to {1999}; summer 2016 from {2016, 6} to {2016, 8}. TimelineJS needs a start,
    so an interval with an open or unknown start begins at its known end, and one with an open
    or unknown end has no end_date: the display_date ("until 2012", "2012 onwards") says so.
    """
    if start is None:
        assert end is not None  # parse_edtf refuses an interval with no known end
        return {"start_date": _timelinejs_day(upper, end)}
    dates = {"start_date": _timelinejs_day(lower, start)}
    if end is not None:
        last = _timelinejs_day(upper, end)
        if last != dates["start_date"]:
            dates["end_date"] = last
    return dates


def timelinejs_dates(dated: FuzzyDated) -> dict[str, dict[str, int]]:
    """An event's or era's TimelineJS dates, from the columns stored when it was saved."""
    return timelinejs_span(
        dated.date_lower,
        dated.date_upper,
        Precision(dated.start_precision) if dated.start_precision else None,
        Precision(dated.end_precision) if dated.end_precision else None,
    )
