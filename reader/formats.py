"""EDTF dates as other programs read them: the date with its bounds for sorting and
filtering, and Knight Lab TimelineJS3's date objects. Used by the API and the exports."""

from datetime import date
from typing import Any

from timeline.dates import FuzzyDate, Precision, parse_edtf


def iso_bound(day: date) -> str | None:
    """A bound as an ISO date; None for the open or unknown end of an interval (stored as
    date.min / date.max for sorting, but no such day is meant)."""
    return None if day in (date.min, date.max) else day.isoformat()


def date_json(edtf: str) -> dict[str, Any]:
    """An EDTF date with everything a program needs to sort and filter on it."""
    fuzzy = parse_edtf(edtf)
    return {
        "edtf": fuzzy.edtf,
        "label": fuzzy.label,
        "lower": iso_bound(fuzzy.lower),
        "upper": iso_bound(fuzzy.upper),
        "precision": fuzzy.precision.value,
        "approximate": fuzzy.approximate,
        "uncertain": fuzzy.uncertain,
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


def _known_ends(edtf: str) -> tuple[FuzzyDate | None, FuzzyDate | None]:
    """The start and end of a date, each parsed at its own precision; None for an open ("..")
    or unknown ("") end of an interval. A single date is its own start and end."""
    if "/" not in edtf:
        single = parse_edtf(edtf)
        return single, single
    first, last = edtf.split("/")
    return (
        parse_edtf(first) if first not in ("", "..") else None,
        parse_edtf(last) if last not in ("", "..") else None,
    )


def timelinejs_dates(edtf: str) -> dict[str, dict[str, int]]:
    """`start_date` and, when the date is a span, `end_date`, in Knight Lab TimelineJS3's date
    objects (https://timeline.knightlab.com/docs/json-format.html, "Date objects").

    Each end keeps its own precision: 2024-01/2024-02 runs from {2024, 1} to {2024, 2}; 199X
    from {1990} to {1999}; summer 2016 from {2016, 6} to {2016, 8}. TimelineJS needs a start,
    so an interval with an open or unknown start begins at its known end, and one with an open
    or unknown end has no end_date: the display_date ("until 2012", "2012 onwards") says so.
    """
    start, end = _known_ends(edtf)
    if start is None:
        assert end is not None  # parse_edtf refuses an interval with no known end
        return {"start_date": _timelinejs_day(end.upper, end.precision)}
    dates = {"start_date": _timelinejs_day(start.lower, start.precision)}
    if end is not None:
        last = _timelinejs_day(end.upper, end.precision)
        if last != dates["start_date"]:
            dates["end_date"] = last
    return dates
