"""Query strings: whole numbers read from one (or a form), and one written again with some
parameters changed.

Whole numbers: an id, a count, a year, a version.

`str.isdigit()` is no test for them: it accepts "²", which `int()` then refuses (a 500), and
`int()` itself reads "٣" as 3 and " 7 " as 7. A number a page or a program sends is written
in ASCII digits, and has a range; anything else is no such number, and the caller says so.
"""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict

# The largest primary key a 64-bit integer column holds (BigAutoField, SQLite's INTEGER).
MAX_ID = 2**63 - 1


def bounded_int(text: str | None, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """`text` as a whole number from `low` to `high` (`low` >= 0), written in ASCII digits
    only; None for anything else (absent, blank, signed, too long, out of range)."""
    if not text or len(text) > len(str(high)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def query_string(params: QueryDict, **changes: str | None) -> str:
    """`params` as a query string ("?..."), with each change set, or removed when None; "?"
    alone when nothing is left (a link to the same page without its query)."""
    params = params.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def repeatable(fields: dict[str, forms.Field]) -> list[str]:
    """The names among a form's `fields` that take several values (topic=a&topic=b); any
    other parameter given twice is an error, not its last value."""
    return [name for name, field in fields.items() if isinstance(field, forms.MultipleChoiceField)]


def tidy_query(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A filter form sent without JavaScript sends every field, the empty ones too
    (/claims/?q=China&speaker=&topic=): such a request is sent on (302) to the same address
    without them, the one the form's script asks for (data-tidy-query), to share and to keep
    in a cache. Only GET and HEAD, and never for htmx, whose requests are tidied before they
    leave."""

    @wraps(view)
    def tidied(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        params = request.GET
        empty = any(value == "" for _, values in params.lists() for value in values)
        if empty and request.method in ("GET", "HEAD") and not getattr(request, "htmx", False):
            kept = QueryDict(mutable=True)
            for name, values in params.lists():
                if chosen := [value for value in values if value != ""]:
                    kept.setlist(name, chosen)
            encoded = kept.urlencode()
            return HttpResponseRedirect(f"{request.path}?{encoded}" if encoded else request.path)
        return view(request, *args, **kwargs)

    return tidied
