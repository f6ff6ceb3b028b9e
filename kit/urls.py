"""reverse() for an address that differs only by its key (a slug or an id), made once per
view: a page or a response that links hundreds of events or claims would otherwise spend
most of its time reversing (some 60 µs a call).

    reverse_key("reader:event_detail", event.slug)        # /events/xi-2012/
    reverse_key("api:verdict_detail", verdict.pk)         # /api/verdicts/7/ (an int: pk)

A key reverse() writes unchanged (the slug and int converters' characters) takes the place
of a stand-in in the view's address, reversed once for each script prefix and URLconf; any
other key is reversed as usual, so the two always agree.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

PLAIN_KEY = re.compile(r"[-a-zA-Z0-9_]+")
STAND_INS = {str: "0stand-in0", int: "9081726354"}


@functools.lru_cache(maxsize=512)
def _around_the_key(
    name: str, arg: str, kind: type, prefix: str, urlconf: str | None, root: str
) -> tuple[str, str]:
    """The view's address before and after its key (`prefix`, `urlconf` and `root` key the
    cache: reverse() depends on them)."""
    stand_in = STAND_INS[kind]
    address = reverse(name, kwargs={arg: stand_in}, urlconf=urlconf)
    before, _, after = address.rpartition(stand_in)
    return before, after


def reverse_key(name: str, key: str | int, arg: str | None = None) -> str:
    """The address of view `name` for `key`, passed as `arg` (by default "pk" for an int,
    "slug" otherwise)."""
    written = str(key)
    kind = int if isinstance(key, int) else str
    arg = arg or ("pk" if kind is int else "slug")
    if not PLAIN_KEY.fullmatch(written):
        return reverse(name, kwargs={arg: key})
    before, after = _around_the_key(
        name, arg, kind, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF
    )
    return f"{before}{written}{after}"
