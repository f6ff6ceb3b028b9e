"""Query strings: whole numbers read from one (or a form), and one written again with some
parameters changed.

Whole numbers: an id, a count, a year, a version.

`str.isdigit()` is no test for them: it accepts "²", which `int()` then refuses (a 500), and
`int()` itself reads "٣" as 3 and " 7 " as 7. A number a page or a program sends is written
in ASCII digits, and has a range; anything else is no such number, and the caller says so.
"""

from django import forms
from django.http import QueryDict

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
