"""Fuzzy dates for the timeline: EDTF in, EDTF out.

Every event date is stored as an EDTF string (Library of Congress Extended Date/Time Format,
2019, now ISO 8601-2) together with the first and last day it can mean, for sorting and
filtering, and a precision. This module is the only place that turns text into those values:

* ``parse_edtf`` validates and normalises EDTF that is already written.
* ``parse_natural`` turns what an editor types ("Sept. 25, 2015", "mid-2012") into EDTF.
* ``resolve_relative`` turns a phrase from an interview ("four or five months ago") into the
  range of dates it can mean, given the interview's own (possibly fuzzy) date.
* ``label`` writes an EDTF string for readers, never sounding more precise than it is.
* ``end_precisions`` says how finely each end of a date is known, for the columns a model
  stores when the date is saved; ``StoredDate`` is a saved date read back from those columns,
  with nothing parsed.

The ``edtf`` package does the EDTF grammar and the bounds of each date; ``dateutil`` does the
reading of ordinary written dates and the calendar arithmetic. The code here is the glue, plus
the few places where this site needs a different answer from the library (each is commented).
"""

import calendar
import contextlib
import enum
import functools
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from time import struct_time

import edtf as edtf_lib
from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta
from edtf.appsettings import INVERSE_SEASONS, SEASONS

__all__ = [
    "DateParseError",
    "FuzzyDate",
    "Precision",
    "RelativeDate",
    "StoredDate",
    "end_precisions",
    "label",
    "meet",
    "parse_edtf",
    "parse_natural",
    "resolve_relative",
    "short_year_span",
]


class Precision(enum.StrEnum):
    """How finely a date is known. Values are stored in a database column."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


# Finest first, so a later entry is coarser.
_GRAINS = list(Precision)


def _coarsest(*precisions: Precision) -> Precision:
    return max(precisions, key=_GRAINS.index)


class DateParseError(ValueError):
    """Raised with a message a person can act on, naming the text that was not understood,
    e.g.  'Could not understand "Sept. 45, 2015" as a date: day 45 does not exist.'

    ``text`` is the text that was not understood and ``reason`` the part after the colon.
    """

    def __init__(self, message: str, *, text: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.text = text
        self.reason = reason


def _error(text: str, reason: str, what: str = "a date") -> DateParseError:
    # What was typed, said back as far as a date goes: a paragraph pasted into a date field
    # is not repeated whole beside it.
    said = text if len(text) <= 60 else f"{text[:59]}…"
    return DateParseError(
        f'Could not understand "{said}" as {what}: {reason}.', text=text, reason=reason
    )


@dataclass(frozen=True)
class FuzzyDate:
    """An EDTF date with the bounds and precision derived from it; make one with parse_edtf,
    parse_natural or resolve_relative so that the fields agree."""

    edtf: str  # normalised EDTF string, e.g. "2015-09-25", "2012~", "2024-01/2024-02"
    lower: date  # earliest day the date can mean; date.min for an open or unknown start
    upper: date  # latest day it can mean; date.max for an open or unknown end
    precision: Precision  # for an interval: the coarser of its two ends
    approximate: bool  # "~" or "%" anywhere
    uncertain: bool  # "?" or "%" anywhere

    @property
    def label(self) -> str:
        return label(self.edtf)

    @property
    def is_interval(self) -> bool:
        return "/" in self.edtf

    def meets(self, lower: date, upper: date) -> bool:
        """Whether this date and the days from `lower` to `upper` share a day."""
        return meet(self.lower, self.upper, lower, upper)


def meet(lower: date, upper: date, other_lower: date, other_upper: date) -> bool:
    """Whether two spans of days, each given by its first and last day, share a day."""
    return lower <= other_upper and other_lower <= upper


@dataclass(frozen=True)
class StoredDate:
    """A date as it was saved, read back from the columns derived from it then (parse on
    write): the normalised EDTF, its label, bounds and precision. Making one parses nothing."""

    edtf: str  # normalised, as FuzzyDate.edtf
    label: str
    lower: date  # date.min for an open or unknown start, as FuzzyDate.lower
    upper: date  # date.max for an open or unknown end
    precision: Precision

    @property
    def approximate(self) -> bool:
        return is_approximate(self.edtf)

    @property
    def uncertain(self) -> bool:
        return is_uncertain(self.edtf)


def is_approximate(edtf: str) -> bool:
    """Whether a normalised EDTF date is approximate ("~" or "%" anywhere): read from the
    string, as every qualifier in it is a character of its own."""
    return "~" in edtf or "%" in edtf


def is_uncertain(edtf: str) -> bool:
    """Whether a normalised EDTF date is uncertain ("?" or "%" anywhere)."""
    return "?" in edtf or "%" in edtf


@dataclass(frozen=True)
class RelativeDate:
    """A phrase such as "four or five months ago" and the range it was resolved to."""

    phrase: str  # exactly as spoken or typed, unmodified
    reference: FuzzyDate  # what it was resolved against
    resolved: FuzzyDate  # the range the phrase can mean


# --------------------------------------------------------------------------------------------
# EDTF

_MONTH_ABBR = (
    "", "Jan", "Feb", "March", "April", "May", "June",
    "July", "Aug", "Sept", "Oct", "Nov", "Dec",
)  # fmt: skip
_MONTH_FULL = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# An end of an interval can be open ("..": it runs on, e.g. still true today) or unknown
# (empty: it ended, nobody knows when). EDTF Level 1, "Extended Interval".
_OPEN = ".."
_UNKNOWN = ""

# Strings written in the 2012 draft of EDTF ("199u", "2012/open") that the library can
# translate to the 2019 syntax. Anything else is left alone, so that prose never gets there.
_OLD_SPEC = re.compile(r"(?:[\d?~%./\-uxX]|open|unknown)+")


@dataclass(frozen=True)
class _Point:
    """A single date, or one known end of an interval."""

    lower: date
    upper: date
    precision: Precision
    season: int | None  # EDTF season number (21..41) when precision is SEASON
    qualifier: str  # "", "~" (approximate), "?" (uncertain) or "%" (both)


_End = _Point | str  # a _Point, _OPEN or _UNKNOWN


@dataclass(frozen=True)
class _Parsed:
    edtf: str
    start: _End
    end: _End  # the same _Point as start for a single date
    interval: bool


def _qualifier(edtf: str) -> str:
    approximate = "~" in edtf or "%" in edtf
    uncertain = "?" in edtf or "%" in edtf
    if approximate and uncertain:
        return "%"
    return "~" if approximate else "?" if uncertain else ""


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _to_date(bound: struct_time, text: str) -> date:
    year, month, day = bound[:3]
    try:
        return edtf_lib.struct_time_to_date(bound)
    except ValueError:
        if not date.min.year <= year <= date.max.year:
            raise _error(text, "only years 1 to 9999 are supported") from None
        raise _error(text, f"day {day} does not exist in {_MONTH_FULL[month]} {year}") from None


# Every character the library's grammar reads (EDTF 2019: digits, X for an unspecified
# digit, Y, E and S for long years and significant digits, T, Z and the offsets of a time,
# qualifiers, intervals, sets). A filter or a form's date in any other ("Sept 2015",
# "2012–2016"), or a prose range of years ("2012-2016": after a hyphen EDTF has two digits,
# a month, a day or a season), is not EDTF, and is known not to be without the library's
# failed parse, which takes milliseconds; a property test holds this to the library's answer.
_EDTF_ALPHABET = re.compile(r"[\dXYESTZ+\-:/.~?%\[\]{}, ]+")
_PROSE_RANGE = re.compile(r"\d-\d{3}")


def _could_be_edtf(text: str) -> bool:
    return bool(_EDTF_ALPHABET.fullmatch(text)) and not _PROSE_RANGE.search(text)


def _library_parse(text: str) -> edtf_lib.EDTFObject | None:
    """The edtf library's object for ``text``, or None when it is not EDTF syntax."""
    parsed = _library_parse_exactly(text) if _could_be_edtf(text) else None
    if parsed is None and _OLD_SPEC.fullmatch(text):
        modern = edtf_lib.old_specs_to_new_specs_expression(text)
        parsed = _library_parse_exactly(modern) if modern != text else None
    return parsed


def _library_parse_exactly(text: str) -> edtf_lib.EDTFObject | None:
    try:
        # The library prints its parse actions' failures to stdout ("trying to ..."), which
        # would end up in a command's output or a server's log; it raises them as well.
        with contextlib.redirect_stdout(io.StringIO()):
            return edtf_lib.parse_edtf(text)
    # Besides EDTFParseException the grammar's parse actions raise these on some inputs
    # (e.g. "19X5", "2012-1X"): all of them mean "not EDTF this library can read".
    except (edtf_lib.EDTFParseException, ValueError, TypeError, AttributeError, KeyError):
        return None


def _point(obj: edtf_lib.EDTFObject, text: str) -> _Point:
    inner = obj.date if isinstance(obj, edtf_lib.UncertainOrApproximate) else obj
    if isinstance(inner, edtf_lib.DateAndTime):
        raise _error(text, "times of day are not supported; give the date alone")
    if isinstance(inner, edtf_lib.LongYear):
        raise _error(text, "only years 1 to 9999 are supported")
    if not isinstance(inner, edtf_lib.Date):
        raise _error(text, "sets of dates are not supported; use an interval such as 2012/2014")
    if getattr(inner, "significant_digits", None):
        raise _error(text, "significant digits (S) are not supported; use 19XX or an interval")
    year = str(inner.year)
    if year.startswith("-"):
        raise _error(text, "only years 1 to 9999 are supported")

    season = None
    if isinstance(inner, edtf_lib.Season):
        precision, season = Precision.SEASON, int(inner.season)
    else:
        month, day = inner.month, inner.day
        unspecified = "only 199X, 19XX, 2004-XX and 2004-06-XX can be left unspecified"
        if "X" in year:
            # Unspecified digits from the right (EDTF Level 1): 199X is a decade, 19XX a century.
            digits = len(year) - len(year.rstrip("X"))
            if "X" in year.rstrip("X") or month or day or digits > 2:
                raise _error(text, unspecified)
            precision = Precision.DECADE if digits == 1 else Precision.CENTURY
        elif month and "X" in month:
            # The spec calls 2004-XX "month precision, month unspecified"; what we actually know
            # is the year, and that is what the precision column is for.
            if month != "XX" or (day and day != "XX"):
                raise _error(text, unspecified)
            precision = Precision.YEAR
        elif day and "X" in day:
            if day != "XX":
                raise _error(text, unspecified)
            precision = Precision.MONTH
        else:
            precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR

    lower, upper = _to_date(obj.lower_strict(), text), _to_date(obj.upper_strict(), text)
    if season and lower.month == upper.month == 12 and upper.year < date.max.year:
        # The library makes winter December only, so that a season never crosses a year
        # (see edtf.appsettings). Winter 2016 runs into February 2017, so the bounds must too.
        upper = _month_end(date(upper.year + 1, 2, 1))
    return _Point(lower, upper, precision, season, _qualifier(str(obj)))


def _end(section: edtf_lib.EDTFObject, text: str) -> _End:
    if isinstance(section, edtf_lib.UnspecifiedIntervalSection):
        return _OPEN if section.is_open else _UNKNOWN
    return _point(section, text)


# The shapes nearly every date has (2012, 2012-06, 2012-06-15, each maybe qualified, and
# intervals of two of them) are read here in microseconds; the library's grammar takes
# milliseconds a parse, which an archive of thousands of distinct dates would feel on every
# save. The library stays the reader of everything else (seasons, 199X, open ends...), and a
# property test holds the two to the same answers.
_FAST_POINT = r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)"
_FAST = re.compile(rf"{_FAST_POINT}(?:/{_FAST_POINT})?")


def _fast_point(year: str, month: str | None, day: str | None, qualifier: str) -> _Point | None:
    """A point of the common shapes, or None to leave it to the library (year 0, month 13 or
    a season, 30 February: the library's path gives the message for each)."""
    y, m, d = int(year), int(month or 0), int(day or 0)
    if y == 0 or (month and not 1 <= m <= 12):
        return None
    if not month:
        return _Point(date(y, 1, 1), date(y, 12, 31), Precision.YEAR, None, qualifier)
    last = calendar.monthrange(y, m)[1]
    if not day:
        return _Point(date(y, m, 1), date(y, m, last), Precision.MONTH, None, qualifier)
    if not 1 <= d <= last:
        return None
    return _Point(date(y, m, d), date(y, m, d), Precision.DAY, None, qualifier)


def _fast_parse(text: str) -> tuple[str, _End, _End, bool] | None:
    """(EDTF, start, end, is an interval) for the common shapes; None for anything else."""
    match = _FAST.fullmatch(text)
    if match is None:
        return None
    start = _fast_point(*match.groups()[:4])
    if start is None:
        return None
    if match[5] is None:
        return text, start, start, False
    end = _fast_point(*match.groups()[4:])
    return None if end is None else (text, start, end, True)


def _library_ends(text: str) -> tuple[str, _End, _End, bool] | None:
    """(EDTF, start, end, is an interval) as the edtf library reads ``text``; None when it is
    not EDTF syntax at all."""
    obj = _library_parse(text)
    if obj is None:
        return None
    normalised = str(obj)
    if not isinstance(obj, edtf_lib.Interval | edtf_lib.Level1Interval | edtf_lib.Level2Interval):
        point = _point(obj, text)
        return normalised, point, point, False
    return normalised, _end(obj.lower, text), _end(obj.upper, text), True


def _parse_or_none(text: str) -> _Parsed | None:
    """Parse EDTF; None when ``text`` is not EDTF syntax at all, DateParseError when it is EDTF
    this site cannot use (a time of day, 29 February 2015, an interval running backwards...)."""
    stripped = text.strip()
    if not stripped or not stripped.isascii():  # EDTF is written in ASCII: "٢٠١٢" is not
        return None
    ends = _fast_parse(stripped) or _library_ends(stripped)
    if ends is None:
        return None
    normalised, start, end, interval = ends
    if not interval:
        return _Parsed(normalised, start, end, interval=False)
    if isinstance(start, str) and isinstance(end, str):
        raise _error(text, "an interval needs at least one known end")
    if isinstance(start, _Point) and isinstance(end, _Point) and end.upper < start.lower:
        raise _error(text, "the interval ends before it starts")
    return _Parsed(normalised, start, end, interval=True)


# The library's grammar takes milliseconds a parse, and a page labels dozens of dates drawn
# from a few distinct strings; results are immutable, so they are safe to share.
@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> _Parsed:
    parsed = _parse_or_none(text)
    if parsed is None and not text.strip():
        raise _error(text, "nothing was entered")
    if parsed is None:
        examples = "2015-09-25, 2024-04, 2012~, 199X, 2024-01/2024-02"
        raise _error(text, f"it is not valid EDTF; examples: {examples}")
    return parsed


def _fuzzy(parsed: _Parsed) -> FuzzyDate:
    start, end = parsed.start, parsed.end
    return FuzzyDate(
        edtf=parsed.edtf,
        lower=start.lower if isinstance(start, _Point) else date.min,
        upper=end.upper if isinstance(end, _Point) else date.max,
        precision=_coarsest(*(p.precision for p in (start, end) if isinstance(p, _Point))),
        approximate=is_approximate(parsed.edtf),
        uncertain=is_uncertain(parsed.edtf),
    )


def parse_edtf(text: str) -> FuzzyDate:
    """Validate and normalise an EDTF string (surrounding whitespace is ignored).

    Supported: days, months, years; seasons 21-24 and the Level 2 sub-year groupings 25-41;
    199X decades and 19XX centuries (old "199u" spelling accepted); 2004-XX and 2004-06-XX;
    "~", "?", "%" qualifiers, including the Level 2 per-component ones; intervals of those with
    open ("..") or unknown (empty) ends, which get date.min / date.max as their bound.
    Rejected with DateParseError: times of day, years outside 1-9999, sets, significant
    digits, millennia, digits unspecified in the middle, and intervals ending before they start.
    """
    return _fuzzy(_parse(text))


def end_precisions(text: str) -> tuple[Precision | None, Precision | None]:
    """How finely the start and the end of an EDTF date are each known, None for an open
    ("..") or unknown ("") end: "2012/2016-05" starts at year and ends at month precision. A
    single date is its own start and end. Raises DateParseError as parse_edtf does."""
    parsed = _parse(text)
    start, end = parsed.start, parsed.end
    return (
        start.precision if isinstance(start, _Point) else None,
        end.precision if isinstance(end, _Point) else None,
    )


# --------------------------------------------------------------------------------------------
# Labels


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _season_label(point: _Point) -> str:
    code, lower, upper = point.season or 0, point.lower, point.upper
    if code <= 32:
        # 21-24 are plain seasons; 25-28 northern and 29-32 southern (EDTF Level 2,
        # "Sub-year groupings"), in the same spring, summer, autumn, winter order.
        name = SEASONS[21 + (code - 21) % 4]
        hemisphere = "" if code <= 24 else "northern " if code <= 28 else "southern "
        return f"{hemisphere}{name} {lower.year}".capitalize()
    # Quarters, thirds and halves of a year: say which months.
    return f"{_MONTH_ABBR[lower.month]}–{_MONTH_ABBR[upper.month]} {lower.year}"


def _bare_label(point: _Point, short: bool) -> str:
    day = point.lower
    match point.precision:
        case Precision.DAY:
            return f"{day.day} {_MONTH_ABBR[day.month]} {day.year}"
        case Precision.MONTH:
            return f"{(_MONTH_ABBR if short else _MONTH_FULL)[day.month]} {day.year}"
        case Precision.SEASON:
            return _season_label(point)
        case Precision.YEAR:
            return str(day.year)
        case Precision.DECADE:
            return f"{day.year}s"
        case _:
            return f"{_ordinal(day.year // 100 + 1)} century"


def _point_label(point: _Point, short: bool = False) -> str:
    text = _bare_label(point, short)
    if point.qualifier in ("~", "%"):
        text = f"c. {text}"
    if point.qualifier in ("?", "%"):
        text = f"{text}?"
    return text


def _range_label(start: _Point, end: _Point) -> str:
    if start == end:
        return _point_label(start)
    a, b = start.lower, end.lower
    if not start.qualifier and not end.qualifier and start.precision == end.precision:
        # Say the shared year (and month) once: "24–25 Sept 2015", "Jan–Feb 2024".
        if a.year == b.year and start.precision is Precision.DAY:
            if a.month == b.month:
                return f"{a.day}–{b.day} {_MONTH_ABBR[a.month]} {a.year}"
            return f"{a.day} {_MONTH_ABBR[a.month]}–{b.day} {_MONTH_ABBR[b.month]} {a.year}"
        if a.year == b.year and start.precision is Precision.MONTH:
            return f"{_MONTH_ABBR[a.month]}–{_MONTH_ABBR[b.month]} {a.year}"
        first_season, last_season = SEASONS.get(start.season or 0), SEASONS.get(end.season or 0)
        if a.year == b.year and first_season and last_season:
            return f"{first_season.capitalize()}–{last_season.capitalize()} {a.year}"
    return f"{_point_label(start, short=True)}–{_point_label(end, short=True)}"


def label(edtf: str) -> str:
    """A label for readers, as precise as the date and no more, with en dashes in ranges:
    "25 Sept 2015", "April 2024", "c. 2012", "2012?", "Jan–Feb 2024", "Nov 2023–Feb 2024",
    "1990s", "20th century", "Summer 2016", "2012 onwards", "until 2012"."""
    parsed = _parse(edtf)
    start, end = parsed.start, parsed.end
    if not parsed.interval and isinstance(start, _Point):
        return _point_label(start)
    if isinstance(start, _Point) and isinstance(end, _Point):
        return _range_label(start, end)
    if isinstance(start, _Point):
        known = _point_label(start)
        return f"{known} onwards" if end == _OPEN else f"from {known}, end unknown"
    assert isinstance(end, _Point)
    known = _point_label(end)
    return f"until {known}" if start == _OPEN else f"until {known}, start unknown"


# --------------------------------------------------------------------------------------------
# Natural language

_APPROXIMATE = re.compile(
    r"^(?:circa|approximately|approx\.?|about|around|roughly|ca\.?|c\.?)(?=[\s\d])\s*|^~\s*"
)
_UNCERTAIN = re.compile(r"^(?:possibly|probably|perhaps|maybe)\s+")
# Separators between the two ends of a range. A bare hyphen only separates two years
# ("2020-2023") or two words ("jan-feb 2024"); elsewhere it belongs to an ISO date.
_RANGE = re.compile(
    r"\s+(?:to|until|till|through|thru)\s+|\s*–\s*|\s+-\s+"
    r"|(?<=\b\d{4})-(?=\d{4}$)|(?<=[a-z])-(?=[a-z])|(?<=\d0s)-(?=\d{3}0s$)"
)
_BEFORE_CHRIST = re.compile(r"^[-−]\s*\d|\d\s*(?:bc|bce|b\.c\.?|b\.c\.e\.?)$")
_TIME_OF_DAY = re.compile(r"\d(?:t|\s+)\d{1,2}:\d{2}|\d{1,2}:\d{2}|\d\s*(?:am|pm|a\.m\.|p\.m\.)\b")
_EARLY_MID_LATE = {
    # Thirds of a month (days), a year (months), a decade and a century (years into it).
    Precision.MONTH: ((1, 10), (11, 20), (21, 31)),
    Precision.YEAR: ((1, 4), (5, 8), (9, 12)),
    Precision.DECADE: ((0, 3), (4, 6), (7, 9)),
    Precision.CENTURY: ((0, 32), (33, 65), (66, 99)),
}
# Parsing twice with defaults that differ in year, month and day shows which parts dateutil
# actually read and which it filled in from the default (so "April 2024" stays a month).
_DEFAULTS = (datetime(1004, 1, 1), datetime(2008, 10, 10))
_EXAMPLES = 'try a form such as "25 Sept 2015", "April 2024", "mid-2012", "c. 1999" or "1990s"'


def _explain(text: str, error: Exception) -> str:
    """Why dateutil could not read ``text``, in words an editor can act on."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if iso and not 1 <= int(iso[2]) <= 12:
        return f"month {int(iso[2])} does not exist"
    if iso and iso[3] and int(iso[1]) >= 1:
        in_year, in_month, on_day = int(iso[1]), int(iso[2]), int(iso[3])
        if not 1 <= on_day <= calendar.monthrange(in_year, in_month)[1]:
            return f"day {on_day} does not exist in {_MONTH_FULL[in_month]} {in_year}"
    if "day is out of range" in str(error):
        day = re.search(r"(?<![\d,])(\d{1,2})(?:st|nd|rd|th)?(?!\d)", text)
        info = dateutil_parser.parserinfo()
        month = next(filter(None, (info.month(word) for word in re.findall(r"[a-z]+", text))), 0)
        year = re.search(r"\d{4}", text)
        if day and int(day[1]) > 31:
            return f"day {int(day[1])} does not exist"
        if day and month:
            where = f"{_MONTH_FULL[month]} {year[0] if year else ''}".strip()
            return f"day {int(day[1])} does not exist in {where}"
    return f"it does not look like a date; {_EXAMPLES}"


def _written_date(text: str, original: str) -> str:
    """EDTF for an ordinary written date, read by dateutil, keeping only the parts written."""
    try:
        first, second = (dateutil_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError) as error:
        raise _error(original, _explain(text, error)) from None
    if first.year != second.year:
        raise _error(original, "no year was given")
    year = first.year
    if not re.search(rf"(?<!\d)0*{year}(?!\d)", text):
        # dateutil guesses the century of "15" or "0050"; a fact-check should not.
        raise _error(original, "write the year with all four digits")
    month = first.month if first.month == second.month else None
    day = first.day if first.day == second.day else None
    if day and not month:
        raise _error(original, "no month was given")
    if day and month and not re.match(r"\d{4}", text):
        try:
            other = dateutil_parser.parse(text, default=_DEFAULTS[0], dayfirst=True)
        except (ValueError, OverflowError):
            other = first
        if other.date() != first.date():
            one, two = (f"{d.day} {_MONTH_FULL[d.month]} {d.year}" for d in (first, other))
            raise _error(original, f"it could be {one} or {two}; write the month as a word")
    if day and month:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def _single(text: str, original: str) -> str:
    """EDTF for one date as written (which may itself be a range, like "mid-2012")."""
    text = re.sub(r"^(?:(?:in|on|during|the)\s+)+", "", text)
    parsed = _parse_or_none(text)
    if parsed is not None:
        return parsed.edtf
    # "The 2000s" is a decade, as the site writes one (a century is "the 21st century"), so
    # that a date's label typed back in means the same years.
    if m := re.fullmatch(r"(\d{3})0'?s", text):
        return f"{m[1]}X"
    if m := re.fullmatch(r"(\d{1,2}|100)(?:st|nd|rd|th) century", text):  # to 9999, EDTF's
        return f"{int(m[1]) - 1:02d}XX"
    if m := re.fullmatch(r"(spring|summer|autumn|fall|winter)(?: of)? (\d{4})", text):
        return f"{m[2]}-{INVERSE_SEASONS[m[1]]}"
    if m := re.fullmatch(r"(early|mid|late) (.+)", text):
        return _part_of(m[1], m[2], original)
    return _written_date(text, original)


# "The 1900s" is a decade where it stands alone; its early, middle or late part is said of
# the century as often as of the decade ("the early 1900s"), so it is asked for plainly.
# Not of the 2000s, whose century is too young for it: "the late 2000s" is 2007-2009.
_CENTURY_OR_DECADE = re.compile(r"(?:the\s+)?(1\d)00'?s")


def _part_of(which: str, text: str, original: str) -> str:
    if m := _CENTURY_OR_DECADE.fullmatch(text):
        start, part = int(m[1]) * 100, ("early", "mid", "late").index(which)
        (first, last), (early, late) = (
            _EARLY_MID_LATE[precision][part] for precision in (Precision.CENTURY, Precision.DECADE)
        )
        century = f"{which} {_ordinal(int(m[1]) + 1)} century"
        raise _error(
            original,
            f"it may mean the {century} ({start + first}–{start + last}) or {start + early}–"
            f'{start + late}: write "{century}", or the years',
        )
    whole = parse_edtf(_single(text, original))
    plain = not (whole.is_interval or whole.approximate or whole.uncertain)
    if not plain or whole.precision not in _EARLY_MID_LATE:
        raise _error(original, f'"{which}" needs a plain month, year, decade or century')
    first, last = _EARLY_MID_LATE[whole.precision][("early", "mid", "late").index(which)]
    lower = whole.lower
    match whole.precision:
        case Precision.MONTH:
            end = whole.upper if which == "late" else lower.replace(day=last)
            return f"{lower.replace(day=first).isoformat()}/{end.isoformat()}"
        case Precision.YEAR:
            return f"{lower.year:04d}-{first:02d}/{lower.year:04d}-{last:02d}"
        case _:
            return f"{lower.year + first:04d}/{lower.year + last:04d}"


def _beyond(which: str, text: str, original: str) -> str:
    """EDTF for "before 2012" (until 2011) or "after March 2016" (from April 2016): an open
    range from the year, month or day next to the one named, at its precision."""
    named = parse_edtf(_single(text, original))
    plain = not (named.is_interval or named.approximate or named.uncertain)
    if not plain or named.precision is Precision.SEASON:
        raise _error(
            original,
            f'"{which}" needs a plain day, month, year or decade, as in "{which} 2012"',
        )
    step = -1 if which == "before" else 1
    day = named.lower if which == "before" else named.upper
    if not date.min.year <= day.year + step <= date.max.year:
        raise _error(original, "only years 1 to 9999 are supported")
    match named.precision:
        case Precision.DAY:
            beyond = (day + timedelta(days=step)).isoformat()
        case Precision.MONTH:
            month = day.year * 12 + day.month - 1 + step
            beyond = f"{month // 12:04d}-{month % 12 + 1:02d}"
        case _:  # a year or coarser: "before the 1990s" is until 1989
            beyond = f"{day.year + step:04d}"
    return f"{_OPEN}/{beyond}" if which == "before" else f"{beyond}/{_OPEN}"


def _open_range(given: str, original: str, open_end: bool) -> str:
    """EDTF for a range with one end left open ("2012 onwards", "until March 2012"). EDTF
    cannot pair an unspecified digit with an open end, so a decade or century stands for
    its first year at the start ("the 1990s onwards": from 1990) and its last at the end
    ("until the 1990s": until 1999)."""
    known = _single(given, original)
    if "X" in known and "/" not in known:
        whole = parse_edtf(known)
        known = f"{(whole.lower if open_end else whole.upper).year:04d}"
    return f"{known}/{_OPEN}" if open_end else f"{_OPEN}/{known}"


def _range(first: str, last: str, original: str) -> str:
    if re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{2}", last):
        last = first[:2] + last  # "2020–23"
    end = parse_edtf(_single(last, original))
    year, month = end.lower.year, end.lower.month
    # The first part may borrow what it leaves out from the last: "24–25 Sept 2015",
    # "30 May–28 June 2024", "Jan–Feb 2024", "spring–summer 2016".
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", first):
        candidates = [f"{first} {_MONTH_FULL[month]} {year}"]
    elif not re.search(r"\d{3}", first):
        # "Dec–Jan 2024" is December 2023 to January 2024.
        candidates = [f"{first} {year}", f"{first} {year - 1}"]
    else:
        candidates = [first]
    for candidate in candidates:
        start = parse_edtf(_single(candidate, original))
        if start.lower <= end.upper:
            break
    return f"{start.edtf.split('/')[0]}/{end.edtf.split('/')[-1]}"


def _natural_edtf(text: str) -> str:
    # Word processors' hyphens ("mid‑2012", a non-breaking one) are the hyphen typed.
    s = (
        " ".join(text.lower().split())
        .replace("—", "–")
        .replace("\u2010", "-")
        .replace("\u2011", "-")
    )
    s = re.sub(r"(?<!\.)\.\.$", "–", s).rstrip(".,;:")  # "2012..": open at its end
    s = re.sub(r"\b(early|mid|late)-", r"\1 ", s)
    approximate = uncertain = False
    if m := _APPROXIMATE.match(s):
        approximate, s = True, s[m.end() :]
    if m := _UNCERTAIN.match(s):
        uncertain, s = True, s[m.end() :]
    if s.endswith("?"):
        uncertain, s = True, s[:-1].rstrip()
    if not s:
        raise _error(text, "nothing was entered" if not text.strip() else _EXAMPLES)
    # dateutil reads "-500" as AD 500 and drops a time of day: both would change the meaning.
    if _BEFORE_CHRIST.search(s):
        raise _error(text, "only years 1 to 9999 are supported (no years BC)")
    if _TIME_OF_DAY.search(s):
        raise _error(text, "times of day are not supported; give the date alone")

    if m := re.fullmatch(r"between (.+) and (.+)", s):
        core = _range(m[1], m[2], text)
    elif m := re.fullmatch(r"(\d{4}[-\d~?%]*)/(\d{4}[-\d~?%]*)", s):
        # EDTF's interval that EDTF refused (parse_natural tries it first): each end read as
        # a date, so that the end which does not exist is named, not dropped.
        core = _range(m[1], m[2], text)
    elif m := re.fullmatch(r"(.+?)\s*(?:[-–]|\.\.)|(?:\.\.|–)\s*(.+)", s):
        # A range with one end left open: "2012–", "2012-", "2012..", "..2012", "–2012" (a
        # leading hyphen is a year BC, refused above).
        given = m[1] or m[2]
        if re.search(r"^[-–.]|[-–.]$", given):
            raise _error(text, "leave one end of a range open, not both")
        core = _open_range(given, text, open_end=bool(m[1]))
    elif m := re.fullmatch(r"(before|after) (.+)", s):
        core = _beyond(m[1], m[2], text)
    elif m := re.fullmatch(r"(?:until|till|to|through|up to|up until) (.+)", s):
        # Before the range's split, which would read "up to 2012" as "up" to "2012".
        core = _open_range(m[1], text, open_end=False)
    elif len(parts := _RANGE.split(re.sub(r"^from ", "", s))) == 2:
        core = _range(parts[0], parts[1], text)
    elif len(parts) > 2:
        raise _error(text, "give one date or one range")
    elif m := re.fullmatch(r"(?:since|from|starting|beginning) (.+)|(.+?) (?:onwards?|on)", s):
        core = _open_range(m[1] or m[2], text, open_end=True)
    else:
        core = _single(s, text)

    qualifier = (
        "%" if approximate and uncertain else "~" if approximate else "?" if uncertain else ""
    )
    if qualifier:
        ends = [e if e in (_OPEN, _UNKNOWN) else f"{e}{qualifier}" for e in core.split("/")]
        qualified = "/".join(ends)
        if _library_parse(qualified) is None:
            raise _error(text, "EDTF cannot mark this kind of date as approximate or uncertain")
        core = qualified
    return core


_UNICODE_DIGIT = re.compile(r"\d")  # in any script: int() reads each


_SHORT_YEAR_RANGE = re.compile(r"(?P<start>\d{4})\s*[-–—]\s*(?P<end>\d{2})")
_EDTF_SEASON = re.compile(r"\d{4}-2[1-4]")


def short_year_span(text: str) -> FuzzyDate | None:
    """A span of years whose second is written short ("2020-21", "2015–16", "1999-00"), when
    the two digits cannot be a month and make a later year; else None. parse_natural reads these,
    but for EDTF's own seasons (2016-21 is spring 2016); a reader's dates filter, where
    nobody types EDTF's season codes, reads those as years too."""
    short = _SHORT_YEAR_RANGE.fullmatch(text.strip())
    if short is None:
        return None
    start, end = int(short["start"]), int(short["end"])
    if end == 0 and start % 100 == 99:  # "1999-00": no month 00, the turn of a century
        return parse_edtf(f"{start:04d}/{start + 1:04d}")
    if end <= 12 or start % 100 >= end:
        return None
    return parse_edtf(f"{start:04d}/{start - start % 100 + end:04d}")


def parse_natural(text: str) -> FuzzyDate:
    """What an editor types, as a FuzzyDate. EDTF is tried first, then ordinary English:

    "Sept. 25, 2015", "25 September 2015", "April 2024", "2012", "summer 2016", "spring of
    2016", "1990s", "the 1990s", "20th century", "early/mid/late 2012" (thirds: Jan-Apr,
    May-Aug, Sept-Dec; also of a month, decade or century), "c./circa/about/around 1999",
    "2012?", ranges with "–", "-", "to" or "between ... and ..." ("Jan–Feb 2024",
    "2020 to 2023"), and open ranges ("since 2012", "2012 onwards", "until 2012").
    Two-digit years and numeric dates that read differently day-first are refused rather
    than guessed, but for a span's second year after its first's ("2015–16", "2019-20";
    "2010-11" is November 2010 and "2016-21" spring 2016, as in EDTF: short_year_span).
    Digits of other scripts ("٢٠١٢", "２０１２") are read as the digits they are.
    """
    if not text.isascii():
        text = _UNICODE_DIGIT.sub(lambda digit: str(int(digit[0])), text)
    # A season as EDTF writes it ("2016-21", which "spring 2016" is saved as) reads as one:
    # what this returns must read back the same.
    if not _EDTF_SEASON.fullmatch(text) and (span := short_year_span(text)) is not None:
        return span
    parsed = _parse_or_none(text)
    if parsed is not None:
        return _fuzzy(parsed)
    edtf = _natural_edtf(text)
    try:
        return parse_edtf(edtf)
    except DateParseError as error:
        raise _error(text, error.reason) from None


# --------------------------------------------------------------------------------------------
# Relative phrases

_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUMBERS = {word: n for n, word in enumerate(_ONES)} | _TENS | {"a": 1, "an": 1}
# Vague counts, as ranges wide enough for how people use them in speech.
_VAGUE = {
    "a couple of": (2, 3), "a couple": (2, 3), "couple of": (2, 3),
    "a few": (2, 4), "few": (2, 4), "several": (3, 7),
}  # fmt: skip
# Each unit as a number of the relativedelta field it is counted in, and the precision the
# phrase has. Years are counted in months so that "a year and a half" is exact.
_UNITS = {
    "day": ("days", 1, Precision.DAY),
    "week": ("days", 7, Precision.DAY),
    "month": ("months", 1, Precision.MONTH),
    "year": ("months", 12, Precision.MONTH),
    "decade": ("years", 10, Precision.YEAR),
}
# Phrases that name a fixed stretch: (field, fewest, most of it back, precision).
_FIXED = {
    "today": ("days", 0, 0, Precision.DAY),
    "yesterday": ("days", 1, 1, Precision.DAY),
    "the other day": ("days", 1, 14, Precision.DAY),
    # Whichever day the week starts on, last week lies within the 13 days before.
    "last week": ("days", 1, 13, Precision.DAY),
    "this month": ("months", 0, 0, Precision.MONTH),
    "last month": ("months", 1, 1, Precision.MONTH),
    "this year": ("months", 0, 0, Precision.YEAR),
    "last year": ("months", 12, 12, Precision.YEAR),
}
_FILLER = re.compile(r"^(?:just|only|about|around|roughly|approximately|some)\s+")
_DURATION = re.compile(
    r"(?:(?P<count>.+?)\s+)?(?P<unit>day|week|month|year|decade)s?(?P<half>\s+and\s+a\s+half)?"
)


def _number(text: str) -> Fraction | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Fraction(text)
    tens, _, ones = text.replace("-", " ").partition(" ")  # "twenty-five", "twenty five"
    if tens in _TENS and ones in _ONES[1:10]:
        return Fraction(_TENS[tens] + _ONES.index(ones))
    return Fraction(_NUMBERS[text]) if text in _NUMBERS else None


def _count(text: str) -> tuple[Fraction, Fraction] | None:
    """The fewest and most that a spoken count can mean: "four or five" -> (4, 5)."""
    if text in _VAGUE:
        fewest, most = _VAGUE[text]
        return Fraction(fewest), Fraction(most)
    if re.fullmatch(r"half an?", text):
        return Fraction(1, 2), Fraction(1, 2)
    if (n := _number(text)) is not None:
        return n, n
    if m := re.fullmatch(r"(.+?) and a half", text):
        inner = _count(m[1])
        return (inner[0] + Fraction(1, 2), inner[1] + Fraction(1, 2)) if inner else None
    if m := re.fullmatch(r"(.+?)\s*(?:\bor\b|\bto\b|-)\s*(.+)", text):
        low, high = _count(m[1]), _count(m[2])
        if low and high:
            return min(low[0], high[0]), max(low[1], high[1])
    return None


def _duration(text: str, count_required: bool) -> tuple[str, int, int, Precision] | None:
    """("months", fewest, most, precision) for "four or five months", "a year and a half"."""
    m = _DURATION.fullmatch(text)
    if not m:
        return None
    if m["count"] is None:
        if count_required or text.endswith("s"):
            return None
        low = high = Fraction(1)
    elif counted := _count(m["count"]):
        low, high = counted
    else:
        return None
    if m["half"]:
        low, high = low + Fraction(1, 2), high + Fraction(1, 2)
    field, size, precision = _UNITS[m["unit"]]
    # A fraction that does not come out whole ("1.3 months") is widened to whole units.
    return field, math.floor(low * size), math.ceil(high * size), precision


def _span_edtf(lower: date, upper: date, precision: Precision, qualifier: str) -> str:
    """The EDTF for the days lower..upper widened to whole units of ``precision``, written as
    coarsely as is exact: whole months become "2024-01", whole years "2024"."""
    if precision is Precision.DAY and lower.day == 1 and upper == _month_end(upper):
        precision = Precision.MONTH
    if precision is Precision.MONTH and lower.month == 1 and upper.month == 12:
        precision = Precision.YEAR
    if precision is Precision.DAY:
        ends = [lower.isoformat(), upper.isoformat()]
    elif precision is Precision.MONTH:
        ends = [f"{d.year:04d}-{d.month:02d}" for d in (lower, upper)]
    else:
        ends = [f"{d.year:04d}" for d in (lower, upper)]
    if ends[0] == ends[1]:
        return f"{ends[0]}{qualifier}"
    return f"{ends[0]}{qualifier}/{ends[1]}{qualifier}"


_MONTH_NAMES = {
    **{name.lower(): number for number, name in enumerate(_MONTH_FULL) if name},
    **{name.lower(): number for number, name in enumerate(_MONTH_ABBR) if name},
    "sep": 9,
}
_MONTH_WORD = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
# "last year, in February", "in February last year", "February of this year".
_MONTH_OF_YEAR = re.compile(
    rf"(?P<which>last|this) year,? (?:in )?(?P<month>{_MONTH_WORD})"
    rf"|(?:in )?(?P<month2>{_MONTH_WORD}),? (?:of )?(?P<which2>last|this) year"
)


def _month_of_year(
    phrase: str, reference: FuzzyDate, found: re.Match[str], what: str
) -> RelativeDate:
    """A named month of the calendar year the phrase names, counted from every year the
    reference may be in: "last year, in February" said on 12 April 2023 is February 2022."""
    month = _MONTH_NAMES[found["month"] or found["month2"]]
    back = 1 if (found["which"] or found["which2"]) == "last" else 0
    try:
        lower = date(reference.lower.year - back, month, 1)
        upper = _month_end(date(reference.upper.year - back, month, 1))
    except ValueError:
        raise _error(phrase, "it reaches back before the year 1", what) from None
    if lower > reference.upper:
        raise _error(phrase, "it is in the future", what)
    resolved = parse_edtf(_span_edtf(lower, upper, Precision.MONTH, _qualifier(reference.edtf)))
    return RelativeDate(phrase=phrase, reference=reference, resolved=resolved)


# "last March", "this June", "last summer": the most recent such month or season before the
# reference (this month's March, once it has come).
_NAMED_SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_LAST_NAMED = re.compile(
    rf"(?:(?:in|during) )?(?P<which>last|this) "
    rf"(?P<name>{_MONTH_WORD}|{'|'.join(_NAMED_SEASONS)})"
)


def _last_named(phrase: str, reference: FuzzyDate, found: re.Match[str], what: str) -> RelativeDate:
    """The month or season a phrase names, counted from every day the reference may be:
    "last March" is the latest March before the reference's month (said in October 2026,
    March 2026; in March 2026, March 2025), "this March" the March of the reference's year
    (refused if still to come), "last summer" the latest summer over before the
    reference's month (said in July, the summer a year before). Seasons as EDTF's 21-24:
    spring March to May, summer June to August, autumn September to November, winter
    December to February."""
    name = found["name"]
    qualifier = _qualifier(reference.edtf)
    if name in _NAMED_SEASONS:
        if found["which"] == "this":
            raise _error(phrase, "say which year's season (“last summer”, “summer 2024”)", what)
        code = _NAMED_SEASONS[name]
        first_month = 3 * (code - 21) + 3  # 3, 6, 9, 12

        def ends(year: int) -> date:
            return _month_end(date(year, first_month, 1) + relativedelta(months=2))

        def over_before(day: date) -> int:
            """The year of the latest such season over before `day`'s month began (winter
            9999 ends past the calendar: not over)."""
            year, month_start = day.year, day.replace(day=1)
            past_the_calendar = year == date.max.year and first_month == 12
            while past_the_calendar or ends(year) >= month_start:
                year, past_the_calendar = year - 1, False
            return year

        try:
            first, last = over_before(reference.lower), over_before(reference.upper)
        except ValueError:
            raise _error(phrase, "it reaches back before the year 1", what) from None
        if first == last and not qualifier:
            resolved = parse_edtf(f"{first:04d}-{code}")
        else:  # its months, which EDTF can qualify (a season it cannot)
            lower = date(first, first_month, 1)
            resolved = parse_edtf(_span_edtf(lower, ends(last), Precision.MONTH, qualifier))
        return RelativeDate(phrase=phrase, reference=reference, resolved=resolved)
    month = _MONTH_NAMES[name]

    def named_month(day: date) -> date:
        if found["which"] == "this" or month < day.month:
            return date(day.year, month, 1)
        return date(day.year - 1, month, 1)

    try:
        lower, upper = named_month(reference.lower), _month_end(named_month(reference.upper))
    except ValueError:
        raise _error(phrase, "it reaches back before the year 1", what) from None
    if lower > reference.upper:
        raise _error(phrase, "it is in the future", what)
    resolved = parse_edtf(_span_edtf(lower, upper, Precision.MONTH, qualifier))
    return RelativeDate(phrase=phrase, reference=reference, resolved=resolved)


def resolve_relative(phrase: str, reference: FuzzyDate | date | str) -> RelativeDate:
    """Resolve a spoken relative phrase against the date it was spoken (``reference``: a
    FuzzyDate, a date, or an EDTF string).

    The result contains every day the phrase could mean for every day the reference could be:
    "N units ago" is every day from (earliest reference day - most N units) to (latest
    reference day - fewest N units), using dateutil's relativedelta arithmetic (31 March less
    a month is 29 February); "the last/past N units" and a bare "N units" (or "for N units":
    "dealing with this for 20 years") run from (earliest reference day - most N units) to
    the latest reference day.

    Precision rule: the range is widened to whole units of the phrase's own precision, never
    finer: days and weeks count in days, months in months, years in months (a year before
    June 2024 is June 2023, and "a year and a half" is 18 months), decades in years. So a
    day-precision phrase against a month gives a day range ("two days ago" in June 2024 is
    2024-05-30/2024-06-28) and "two years ago" against 15 June 2024 is 2022-06, not a day.
    The result is then written in the coarsest EDTF that is still exact: a range of whole
    months is a month or month interval, a range of whole years a year or year interval.
    "last year"/"last month"/"this year" mean calendar units; "last week" is the 13 days
    before, "the other day" the 14 days before, "yesterday" the day before; "last March",
    "last summer" the latest such month or season before (see _last_named).

    Counts: digits, words up to ninety ("twenty-five"), "a"/"an", "half a", "and a half",
    "X or Y", "X to Y", "a couple of" (2-3), "a few" (2-4), "several" (3-7). Leading "just",
    "only", "about", "around", "roughly", "approximately", "some" are ignored. A qualifier on
    the reference ("2024-06~") is carried to the result. Phrases counted from another event
    ("a day after") or in the future are refused with DateParseError.
    """
    if isinstance(reference, date):
        reference = parse_edtf(reference.isoformat())
    elif isinstance(reference, str):
        reference = parse_edtf(reference)
    what = f"a time relative to {reference.label}"
    ends = _parse(reference.edtf)
    if not (isinstance(ends.start, _Point) and isinstance(ends.end, _Point)):
        raise _error(phrase, "the reference date needs a known start and end", what)

    s = " ".join(phrase.lower().split()).rstrip(".,;:!?")
    while m := _FILLER.match(s):
        s = s[m.end() :]
    if not s:
        raise _error(phrase, "nothing was entered", what)
    if month_of := _MONTH_OF_YEAR.fullmatch(s):
        return _month_of_year(phrase, reference, month_of, what)
    if named := _LAST_NAMED.fullmatch(s):
        return _last_named(phrase, reference, named, what)
    if s in _FIXED:
        field, fewest, most, precision = _FIXED[s]
    elif (m := re.fullmatch(r"(.+) (?:ago|back)", s)) and (found := _duration(m[1], True)):
        field, fewest, most, precision = found
    elif (
        (m := re.fullmatch(r"(?:(?:in|over|during|for|within) )?(?:the )?(?:last|past) (.+)", s))
        and (found := _duration(m[1], False))
    ) or (found := _duration(re.sub(r"^(?:for|over) ", "", s), True)):
        field, _, most, precision = found
        fewest = 0
    elif m := re.search(r"\b(after|before|later|earlier|following|prior|previous)\b", s):
        raise _error(phrase, f'"{m[1]}" counts from another event, not the interview', what)
    elif re.search(r"\b(from now|next|hence|coming)\b|^in (?!the )", s):
        raise _error(phrase, "it is in the future", what)
    else:
        raise _error(phrase, 'try a form such as "two months ago" or "the last two years"', what)

    try:
        lower = reference.lower - relativedelta(**{field: most})
        upper = reference.upper - relativedelta(**{field: fewest})
    except (ValueError, OverflowError):
        raise _error(phrase, "it reaches back before the year 1", what) from None
    qualifier = _qualifier(reference.edtf)
    resolved = parse_edtf(_span_edtf(lower, upper, precision, qualifier))
    return RelativeDate(phrase=phrase, reference=reference, resolved=resolved)
