"""How the chronology is written for other programs: JSON that is safe to serve and to embed,
EDTF dates with their bounds, TimelineJS date objects, and CSV streamed a row at a time.

Pure functions and small response helpers shared by the exports and the API (factcheck
builds on timeline, so it uses these too; nothing here imports factcheck).
"""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse, StreamingHttpResponse

from timeline.dates import FuzzyDate, Precision, parse_edtf

# "<", ">" and "&" written as JSON escapes: the data is unchanged for a JSON parser, but the
# bytes can be dropped into an HTML <script> block, or sniffed as HTML by an old browser,
# without closing the block or running anything (the same table as django.utils.html's
# json_script). U+2028/U+2029 are legal in JSON strings but end a line in older JavaScript.
_JSON_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}

# Formulas a spreadsheet would run when it opens a cell starting with these (OWASP, "CSV
# Injection"). Only free-text columns are guarded, so numbers such as -1 stay numbers.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Rows fetched from the database per round trip when streaming a download.
CHUNK_SIZE = 500


class SafeJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder (dates, decimals, UUIDs) whose output never contains <, > or &."""

    def encode(self, o: Any) -> str:
        return super().encode(o).translate(_JSON_ESCAPES)


def dumps(value: Any) -> str:
    return json.dumps(value, cls=SafeJSONEncoder)


def json_response(data: Any, *, status: int = 200, headers: dict | None = None) -> JsonResponse:
    """JSON that any site may read: the data is public and the response carries no cookies,
    so a newsroom's own page can fetch it from the browser (TimelineJS does exactly that)."""
    response = JsonResponse(data, encoder=SafeJSONEncoder, safe=False, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def json_error(message: str, *, status: int = 400, errors: dict | None = None) -> JsonResponse:
    """An error a program can read and a person can act on: {"error": ..., "errors": {...}}."""
    body: dict[str, Any] = {"error": message}
    if errors:
        body["errors"] = errors
    return json_response(body, status=status)


def form_errors(errors: Any) -> dict[str, list[str]]:
    """A form's errors as {field: [message, ...]}."""
    return {
        field: [error["message"] for error in items]
        for field, items in errors.get_json_data().items()
    }


def json_stream(items: Iterable[Any]) -> Iterator[str]:
    """A JSON list written one item at a time, so a long list never sits in memory."""
    yield "["
    for number, item in enumerate(items):
        yield ("," if number else "") + dumps(item)
    yield "]"


# --------------------------------------------------------------------------------------------
# Dates


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


# --------------------------------------------------------------------------------------------
# CSV


class _Echo:
    """A file-like object whose write() hands back what it was given, so csv.writer can
    produce one line at a time for a StreamingHttpResponse (Django docs, "Streaming large CSV
    files")."""

    def write(self, value: str) -> str:
        return value


def csv_text(value: str) -> str:
    """A free-text cell a spreadsheet will show as text, not run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_response(
    filename: str, header: list[str], rows: Iterable[list[Any]]
) -> StreamingHttpResponse:
    """A CSV download written row by row as the rows are read from the database."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
