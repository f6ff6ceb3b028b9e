"""reverse() for an address that differs only by its key (a slug or an id), made once per
view: a page or a response that links hundreds of events or claims would otherwise spend
most of its time reversing (some 60 µs a call).

    reverse_key("reader:event_detail", event.slug)        # /events/xi-2012/
    reverse_key("api:verdict_detail", verdict.pk)         # /api/verdicts/7/ (an int: pk)
    reverse_list("reader:event_list")                     # / (a view that takes no key)

A key reverse() writes unchanged (the slug and int converters' characters) takes the place
of a stand-in in the view's address, reversed once for each script prefix and URLconf; any
other key is reversed as usual, so the two always agree.
"""

import functools
import re
from collections.abc import Callable

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
    address = _under(prefix, reverse(name, kwargs={arg: stand_in}, urlconf=urlconf))
    before, _, after = address.rpartition(stand_in)
    return before, after


@functools.lru_cache(maxsize=128)
def _without_key(name: str, prefix: str, urlconf: str | None, root: str) -> str:
    """The address of a view that takes no key (keyed as _around_the_key is)."""
    return _under(prefix, reverse(name, urlconf=urlconf))


def _under(prefix: str, address: str) -> str:
    """`address`, which reverse() wrote under the script prefix of the moment, under
    `prefix`: the one the addresses were asked for under."""
    return prefix + address.removeprefix(get_script_prefix())


def reverse_key(name: str, key: str | int, arg: str | None = None) -> str:
    """The address of view `name` for `key`, passed as `arg` (by default "pk" for an int,
    "slug" otherwise)."""
    return _address(name, key, arg, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)


def reverse_list(name: str) -> str:
    """The address of view `name`, which takes no key (a list), reversed once per script
    prefix and URLconf: a page links its list filtered many times over (?topic=...)."""
    return _without_key(name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)


class KeyAddresses:
    """reverse_key() for one response, after `root` (a scheme and host, or nothing): the
    script prefix and URLconf, which Django keeps per request in context-locals that cost
    some 6 µs a read (and the settings' URLconf, a lazy object's attribute), are read once,
    for a response that links a thousand things."""

    def __init__(self, root: str = "") -> None:
        self.root = root
        self.prefix = get_script_prefix()
        self.urlconf = get_urlconf()
        self.root_urlconf = settings.ROOT_URLCONF

    def __call__(self, name: str, key: str | int, arg: str | None = None) -> str:
        return self.root + _address(name, key, arg, self.prefix, self.urlconf, self.root_urlconf)

    def keyed(self, name: str) -> Callable[[str], str]:
        """This for view `name` and one slug after another (a response naming a thousand
        events): the address around the key is found once, not for each slug."""
        before, after = _around_the_key(
            name, "slug", str, self.prefix, self.urlconf, self.root_urlconf
        )
        before = self.root + before

        def address(slug: str) -> str:
            if PLAIN_KEY.fullmatch(slug):
                return f"{before}{slug}{after}"
            return self(name, slug)

        return address

    def of(self, name: str) -> str:
        """The address of view `name`, which takes no key (a list)."""
        return self.root + _without_key(name, self.prefix, self.urlconf, self.root_urlconf)


def _address(
    name: str, key: str | int, arg: str | None, prefix: str, urlconf: str | None, root: str
) -> str:
    written = str(key)
    kind = int if isinstance(key, int) else str
    arg = arg or ("pk" if kind is int else "slug")
    if not PLAIN_KEY.fullmatch(written):
        return reverse(name, kwargs={arg: key}, urlconf=urlconf)
    before, after = _around_the_key(name, arg, kind, prefix, urlconf, root)
    return f"{before}{written}{after}"
