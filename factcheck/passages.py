"""Cut a passage of a transcript around the quotes anchored in it, so a page can mark them.
Pure: no Django in here."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

# Anything with TextPositionSelector offsets into the text, `start` and `end` (code points,
# end exclusive). Bound to Any for the checker: Django model fields (Quote.start) are
# descriptors that django-stubs does not match against a Protocol's plain attributes.
S = TypeVar("S", bound=Any)


@dataclass(frozen=True)
class Segment(Generic[S]):
    text: str
    quote: S | None = None  # the quote these words are, when they are one


def cut(text: str, start: int, end: int, quotes: Iterable[S]) -> list[Segment[S]]:
    """``text[start:end]`` cut into plain words and quotes, in order. The segments join
    back to exactly ``text[start:end]`` (the desk's selection script counts offsets in it);
    none is empty.

    A quote is marked when it lies wholly in the span and overlaps no quote marked before
    it: quotes are taken by where they start, the longest first. The others are not
    marked; a page may still list them beside the passage."""
    segments: list[Segment[S]] = []
    position = start
    for quote in sorted(quotes, key=lambda quote: (quote.start, -quote.end)):
        if quote.start < position or quote.end > end or quote.end <= quote.start:
            continue  # outside the span, empty, or overlapping a quote already marked
        if quote.start > position:
            segments.append(Segment(text[position : quote.start]))
        segments.append(Segment(text[quote.start : quote.end], quote))
        position = quote.end
    if position < end:
        segments.append(Segment(text[position:end]))
    return segments
