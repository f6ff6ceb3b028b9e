"""Responses for other programs: JSON that is safe to serve and to embed, errors a program
can read and a person can act on, and CSV streamed a row at a time. Every view that answers
JSON or CSV uses these, so there is one policy for each (CORS, escaping, refused filters)."""

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header

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


def moment(when: datetime.datetime) -> str:
    """A moment as every output writes it, the API's JSON, the CSV downloads and the
    ClaimReviews alike: ISO 8601 in UTC to the millisecond, "2024-06-04T09:30:00.000Z", so
    that the same moment reads the same in each (DjangoJSONEncoder leaves out a fraction of
    nought, and CSV's isoformat() writes microseconds and an offset)."""
    if when.tzinfo is not None:
        when = when.astimezone(datetime.UTC)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class SafeJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder (dates, decimals, UUIDs) whose output never contains <, > or &,
    and writes a moment as moment() does."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            return moment(o)
        return super().default(o)

    def encode(self, o: Any) -> str:
        return super().encode(o).translate(_JSON_ESCAPES)


def dumps(value: Any) -> str:
    return json.dumps(value, cls=SafeJSONEncoder)


def json_response(data: Any, *, status: int = 200, headers: dict | None = None) -> JsonResponse:
    """JSON, which any site may read (CORS_* in the settings): the data is public and the
    response carries no cookies, so a newsroom's own page can fetch it from the browser
    (TimelineJS does exactly that)."""
    response = JsonResponse(data, encoder=SafeJSONEncoder, safe=False, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def next_page(request: HttpRequest, cursor: str) -> tuple[str | None, dict[str, str]]:
    """The absolute address of the page after this one (this request's parameters, with
    `cursor` for where it starts) and the `Link: <...>; rel="next"` header naming it; (None,
    no header) when `cursor` is "", on the last page."""
    if not cursor:
        return None, {}
    params = request.GET.copy()
    params["cursor"] = cursor
    url = f"{settings.SITE_URL}{request.path}?{params.urlencode()}"
    return url, {"Link": f'<{url}>; rel="next"'}


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


def refused_filters(form: forms.Form) -> JsonResponse:
    """The one answer to a query string whose filters cannot all be applied: a 400 naming
    each bad parameter, rather than silently answering with more than was asked for."""
    return json_error("Some filters could not be applied.", errors=form_errors(form.errors))


def unknown_parameters(
    query: QueryDict, known: Iterable[str], several: Iterable[str] = ()
) -> JsonResponse | None:
    """A 400 naming each query parameter not in `known`, and those that are, or each given
    more than once that is not among `several`; or None. A misspelt filter must not quietly
    answer with everything, nor speaker=a&speaker=b with b's alone."""
    known, several = list(known), set(several)
    unknown = [name for name in query if name not in known]
    repeated = [
        name for name in query if name not in unknown and name not in several
        and len(query.getlist(name)) > 1
    ]  # fmt: skip
    if repeated and not unknown:
        names = " and ".join(f"`{name}`" for name in repeated)
        takes = " and ".join(f"`{name}`" for name in sorted(several))
        return json_error(
            f"Give {names} once{f'; only {takes} may be given several times' if takes else ''}.",
            errors={name: [f"`{name}` is given more than once."] for name in repeated},
        )
    if not unknown:
        return None
    accepted = ", ".join(f"`{name}`" for name in known) or "none"
    return json_error(
        f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: "
        f"{', '.join(f'`{name}`' for name in unknown)}. Known here: {accepted}.",
        errors={
            name: [f"`{name}` is not a parameter here. Known: {accepted}."] for name in unknown
        },
    )


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
    disposition = content_disposition_header(True, filename)
    assert disposition is not None  # always, for an attachment
    response["Content-Disposition"] = disposition
    return response


def readable_size(count: int) -> str:
    """A size in bytes as a person reads it: "2.0 MB", "9,500 bytes"."""
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def refused_to_htmx(request: HttpRequest, sentence: str, status: int) -> HttpResponse | None:
    """To htmx, which swaps no 4xx, a request refused before any view read it (a NUL, a
    body too large, a form whose page expired) as its sentence alone, in plain text, for
    the page's script to show in the form that sent it, which keeps what was typed
    (static/js/reader.js); None to anything else."""
    if not request.headers.get("HX-Request"):
        return None
    return HttpResponse(sentence, status=status, content_type="text/plain; charset=utf-8")


def too_large_context(limit: int) -> dict[str, str]:
    """What is said of a request larger than `limit` bytes (on the 400 page, and to htmx):
    that limit, and the transcript's, which is what an editor sends that large."""
    too_big = readable_size(limit)
    return {
        "too_big": too_big,
        "too_large": (
            f"What was sent is larger than this site accepts ({too_big} at most), so nothing "
            f"was saved. A transcript may be up to {readable_size(settings.TRANSCRIPT_MAX_BYTES)}"
            ": shorten it or split it into parts."
        ),
    }
