"""Dates on the chronology's pages, drawn from the stored columns (never parsed on read)."""

import datetime
from dataclasses import dataclass

from django import template
from django.utils.dateformat import format as format_date

from timeline.dates import Precision
from timeline.models import FuzzyDated

register = template.Library()


@register.filter
def machine_date(dated: FuzzyDated) -> str:
    """The value of a `<time datetime>` for a fuzzy date: its first day, written no more
    precisely than it is known ("2012" for c. 2012, "2024-01" for Jan–Feb 2024). These are
    valid HTML date strings (HTML Standard, "valid year", "month" and "date" strings).
    A range open at the start ("until 2012") is dated by its end; a range's end is written
    as finely as that end is known ("1993-01-20" for 20 Jan 1993–1998)."""
    return machine_date_of(
        dated.date_lower,
        dated.date_upper,
        dated.precision,
        dated.start_precision,
        dated.end_precision,
    )


def machine_date_of(
    lower: datetime.date,
    upper: datetime.date,
    precision: str,
    start_precision: str = "",
    end_precision: str = "",
) -> str:
    """machine_date() from the stored columns alone, for a page that reads them as values."""
    opens = lower != datetime.date.min
    first = lower if opens else upper
    precision = (start_precision if opens else end_precision) or precision
    if precision == Precision.DAY:
        return first.isoformat()
    if precision == Precision.MONTH:
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}"


@register.filter
def date_marker(dated: FuzzyDated) -> str:
    """The marker a date gets on the chronology's rail, by how well it is known: "day",
    "month" (or season), "year" (or coarser), and "approximate" or "uncertain" whatever its
    precision, since a qualified date must never look exact. The page's legend names each."""
    if dated.uncertain:
        return "uncertain"
    if dated.approximate:
        return "approximate"
    if dated.precision == Precision.DAY:
        return "day"
    if dated.precision in (Precision.MONTH, Precision.SEASON):
        return "month"
    return "year"


# A span lasting up to this many days is drawn at step 1, 2, ... (the stylesheet's
# .span__bar--1 .. --6): a week, a season, two years, five, ten, longer.
SPAN_STEPS = (31, 183, 731, 1827, 3653, datetime.date.max.toordinal())


@dataclass(frozen=True)
class Span:
    """A date with two ends, as the chronology draws it: a bar with each end labelled."""

    start: str  # "2016", "April 2012", "20 Jan 1993"; "" for an open start
    end: str  # likewise; "" for an open end
    step: int  # how long the bar is drawn, 1..len(SPAN_STEPS)


def _end_label(day: datetime.date, precision: Precision) -> str:
    """One end of a span, written no more precisely than the span is known."""
    if day in (datetime.date.min, datetime.date.max):
        return ""
    if precision == Precision.DAY:
        return format_date(day, "j M Y")
    if precision in (Precision.MONTH, Precision.SEASON):
        return format_date(day, "M Y")
    return str(day.year)


@register.filter
def date_span(dated: FuzzyDated) -> Span | None:
    """The span a date covers (2012/2020 is eight years, not one dot), or None for a date
    that is a single day, month or year."""
    if not dated.is_span:
        return None
    # Each end as finely as it is known: "Dec 2013" to "2015", not "2013" to "2015".
    precision = Precision(dated.precision)
    start = _end_label(dated.date_lower, Precision(dated.start_precision or precision))
    end = _end_label(dated.date_upper, Precision(dated.end_precision or precision))
    if not start or not end:  # open at one end: as long as can be drawn
        step = len(SPAN_STEPS)
    else:
        days = (dated.date_upper - dated.date_lower).days
        step = next(step for step, most in enumerate(SPAN_STEPS, 1) if days <= most)
    return Span(start, end, step)
