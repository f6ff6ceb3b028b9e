"""What readers see changes only when someone changes the public record: a publication, a
correction, a withdrawal, an import, an admin's edit. One value in the shared cache, the data
version, says when that last happened. Every cached thing readers see is filed under it, so
bumping it retires them all at once, on the next request, in every worker; expiry is only a
safety net.

The version is the time of the change in nanoseconds, which also serves as the pages'
Last-Modified. The services bump it (`bump_data_version`, once their transaction commits);
so do the admin and the loader for what they write directly.
"""

import functools
import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

DATA_VERSION_KEY = "data-version"

# The project's own folders: what, besides the data, makes a page what it is.
RELEASE_SOURCES = ("config", "kit", "timeline", "factcheck", "reader", "templates", "static")

T = TypeVar("T")


def data_version() -> str:
    """The current data version, made when the cache has none (first start, or evicted)."""
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, str(time.time_ns()), timeout=None)
        version = cache.get(DATA_VERSION_KEY) or str(time.time_ns())
    return version


def bump_data_version() -> None:
    """Retire everything cached for readers, once the current transaction commits (at once
    outside one): a reader who asks before the commit must not cache the old record under
    the new version."""

    def bump() -> None:
        cache.set(DATA_VERSION_KEY, str(time.time_ns()), timeout=None)

    transaction.on_commit(bump)


def changed_at(version: str) -> float:
    """The data version as a Unix time (seconds), for Last-Modified."""
    return int(version) / 1e9


@functools.cache
def release() -> str:
    """Which code and templates made a page: the RELEASE setting where the deploy names it
    (a commit, say), otherwise a digest of the project's own files, read once per process.
    Pages and remembered values are filed under it as well as under the data version, so
    a deploy that changes a template never serves pages kept by the cache it outlived."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.blake2b(digest_size=8)
    for folder in RELEASE_SOURCES:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def remember(name: str, build: Callable[[], T]) -> T:
    """`build()`, kept in the cache until the data changes: for what many pages show and only
    the data changes (filter choices, the rating levels, the latest interview)."""
    if not settings.REMEMBER_SECONDS:
        return build()
    key = f"remember:{release()}:{name}:{data_version()}"
    kept = cache.get(key)  # a 1-tuple, so that a None built is kept too
    if kept is None:
        kept = (build(),)
        cache.set(key, kept, timeout=settings.REMEMBER_SECONDS)
    return kept[0]
