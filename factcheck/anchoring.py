"""Anchor quotes to transcript text with W3C Web Annotation selectors.

A quote is stored as both a TextQuoteSelector (``exact``, ``prefix``, ``suffix``;
https://www.w3.org/TR/annotation-model/#text-quote-selector, section 4.2.4) and a
TextPositionSelector (``start``, ``end``;
https://www.w3.org/TR/annotation-model/#text-position-selector, section 4.2.5).
The position is precise but breaks as soon as text is inserted before the quote; the
quote survives edits elsewhere but may match several places. The spec lets one target
carry several selectors that describe the same segment (section 4.2); keeping both lets
a corrected transcript re-anchor every quote and say honestly whether it is in the same
place, has moved, or is lost.

Offsets are Python ``str`` indices, i.e. Unicode code points, as section 4.2.5 requires
(not UTF-16 code units as in JavaScript; ``end`` is exclusive). The text is never
normalised here: the spec's normalisation (markup removed, entities decoded, whitespace
tidied) is about extracting text from a rendered document, and a stored plain-text
transcript already is that text. Unicode normalisation (NFC etc.) would change curly
quotes, dashes and combining characters that must survive byte for byte.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Prefix/suffix length in code points. 32 is what the Hypothesis annotation client stores,
# so selectors exchanged with W3C tools look familiar; it is a handful of words: enough to
# tell apart a sentence a speaker repeats verbatim, short enough that a correction a
# little way off does not make the context stale.
CONTEXT_LENGTH = 32

# How much of a quote to show in error messages.
_PREVIEW_LENGTH = 60


class AnchorError(ValueError):
    """A quote cannot be described or located; the message says what to do about it."""


class QuoteNotFound(AnchorError):
    """The exact words of the quote do not occur in the text."""

    def __init__(self, exact: str) -> None:
        self.exact = exact
        super().__init__(
            f"The words “{_preview(exact)}” are not in the transcript (or no longer: it may "
            "have been corrected since they were chosen). Select them in the transcript, or "
            "paste them as it prints them."
        )


class AmbiguousQuote(AnchorError):
    """The exact words occur several times and nothing tells which one is meant."""

    def __init__(self, exact: str, starts: list[int]) -> None:
        self.exact = exact
        self.starts = starts
        self.count = len(starts)
        super().__init__(
            f"The quote “{_preview(exact)}” occurs {len(starts)} times in the transcript and "
            "its surrounding text does not tell which one is meant. Select the passage "
            "again in the transcript so its position and context are stored."
        )


@dataclass(frozen=True)
class Anchor:
    """A TextQuoteSelector (exact, prefix, suffix) plus a TextPositionSelector (start, end)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


class AnchorStatus(enum.StrEnum):
    ANCHORED = "anchored"  # same words at the same offsets
    MOVED = "moved"  # same words, found at other offsets
    ORPHANED = "orphaned"  # words gone, or can no longer be placed unambiguously


@dataclass(frozen=True)
class Reanchored:
    status: AnchorStatus
    anchor: Anchor | None  # None only when ORPHANED
    previous: Anchor


def describe(text: str, start: int, end: int, *, context: int = CONTEXT_LENGTH) -> Anchor:
    """Build the selectors for ``text[start:end]``, e.g. what an editor selected.

    ``prefix`` and ``suffix`` are the (up to) ``context`` code points before and after
    the span (section 4.2.4 leaves their length to the implementation).
    """
    if not 0 <= start < end <= len(text):
        raise AnchorError(
            f"The selection {start}–{end} is not a non-empty span of this "
            f"{len(text)}-character transcript; select at least one character."
        )
    if not text[start:end].strip():
        raise AnchorError("The selection contains only whitespace; select some words.")
    return _selectors(text, start, end, context)


def anchor(
    text: str,
    exact: str,
    *,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
    context: int = CONTEXT_LENGTH,
    alike: bool = False,
) -> Anchor:
    """Find ``exact`` in ``text`` and return fresh selectors for it. With ``alike`` (words a
    person gave, pasted from a published page or a PDF), when they are not found as given,
    stretches that differ only by typography and spacing are found instead (_alike), and the
    selectors hold the text's own characters; never when re-anchoring, where a quote whose
    words changed is orphaned for an editor to look at.

    Choosing among several occurrences, in order:

    1. the best context match: the number of trailing code points of ``prefix`` that
       match the text before the occurrence plus the number of leading code points of
       ``suffix`` that match the text after it (a full match scores ``len(prefix) +
       len(suffix)``; partial credit keeps a quote findable when its context was edited);
    2. among those still tied, the one whose start is nearest ``hint`` (the old
       TextPositionSelector ``start``), if given;
    3. otherwise :class:`AmbiguousQuote`; guessing would risk showing the wrong passage.

    Raises :class:`QuoteNotFound` if ``exact`` does not occur, :class:`AnchorError` if it
    is empty.
    """
    if not exact:
        raise AnchorError("The quote is empty; select some words in the transcript.")
    spans = {start: start + len(exact) for start in _occurrences(text, exact)}
    if not spans and alike:
        # Words pasted from the published page or a PDF: curly quotes for straight ones,
        # a dash for a hyphen, spaces doubled. The transcript's own characters are kept.
        spans = _alike(text, exact)
    if not spans:
        raise QuoteNotFound(exact)
    starts = list(spans)

    candidates = starts
    if len(candidates) > 1:
        scores = {s: _context_score(text, s, spans[s], prefix, suffix) for s in starts}
        best = max(scores.values())
        candidates = [s for s in starts if scores[s] == best]
    if len(candidates) > 1 and hint is not None:
        nearest = min(abs(s - hint) for s in candidates)
        candidates = [s for s in candidates if abs(s - hint) == nearest]
    if len(candidates) > 1:
        raise AmbiguousQuote(exact, starts)
    return _selectors(text, candidates[0], spans[candidates[0]], context)


def reanchor(new_text: str, previous: Anchor) -> Reanchored:
    """Locate a stored quote again after its transcript was corrected.

    ANCHORED when the old offsets still hold the exact words *and* they are the
    occurrence :func:`anchor` picks with the old prefix, suffix and start (so that an
    edit shifting another copy of a repeated sentence onto the old offsets is not taken
    for the quote). MOVED when :func:`anchor` finds the words elsewhere. ORPHANED when
    they are gone or cannot be placed unambiguously (or the stored anchor is invalid),
    so an orphan is never shown as if it still matched.
    """
    try:
        found = anchor(
            new_text,
            previous.exact,
            prefix=previous.prefix,
            suffix=previous.suffix,
            hint=previous.start,
        )
    except AnchorError:
        return Reanchored(AnchorStatus.ORPHANED, None, previous)
    if (found.start, found.end) == (previous.start, previous.end):
        return Reanchored(AnchorStatus.ANCHORED, found, previous)
    return Reanchored(AnchorStatus.MOVED, found, previous)


def reanchor_all(new_text: str, anchors: Iterable[Anchor]) -> list[Reanchored]:
    """Re-anchor every quote of a transcript, in the given order."""
    return [reanchor(new_text, a) for a in anchors]


# A sentence ends with . ? or ! (possibly several, "..." or "?!"), optionally followed by
# closing quotes or brackets, and then whitespace.
_SENTENCE_END = re.compile(r"""[.?!]+[’”'"\])]*(?=\s)""")

# Words that take a full stop without ending a sentence (compared lower-case, without
# the dot). "No." and "etc." are left out on purpose: in an interview they often do end
# a sentence ("The answer is no.").
_ABBREVIATIONS = frozenset(
    {
        # titles
        "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "gen", "gov", "sen", "rep", "rev",
        "hon", "pres", "amb", "lt", "col", "capt", "sgt", "maj", "adm", "cmdr", "supt",
        # months
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        # places, organisations and the like
        "st", "mt", "ft", "dept", "univ", "inc", "ltd", "corp", "vs", "approx",
    }
)  # fmt: skip

# Dotted acronyms and abbreviations: "U.S", "e.g", "a.m" (the final dot is matched apart).
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

# Opening punctuation that may stick to the word before a full stop.
_OPENERS = "“‘\"'([—–-"


def _is_sentence_end(text: str, match: re.Match[str], next_start: int) -> bool:
    """Whether a match of _SENTENCE_END really ends a sentence (a lone "." may not)."""
    if match.group().rstrip("’”'\"])") != ".":
        return True  # "?", "!", "..." always end a sentence
    word_start = match.start()
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : match.start()].lstrip(_OPENERS)
    if word.lower() in _ABBREVIATIONS or _DOTTED.fullmatch(word):
        return False  # "Dr. Smith", "the U.S. ambassador"
    if len(word) == 1 and word.isupper() and word != "I":
        return False  # an initial: "George W. Bush" ("I." is the pronoun)
    # "approx. five", "e. g. the": a sentence does not start with a lower-case letter.
    return not (next_start < len(text) and text[next_start].islower())


def _sentences(text: str, para_start: int, para_end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text[para_start:para_end]``.

    ``end`` is just after the terminator and closing punctuation; the whitespace after a
    sentence belongs to neither. The last sentence ends at ``para_end``.
    """
    spans = []
    start = para_start
    for match in _SENTENCE_END.finditer(text, para_start, para_end):
        next_start = match.end()
        while next_start < para_end and text[next_start].isspace():
            next_start += 1
        if not _is_sentence_end(text, match, next_start):
            continue
        spans.append((start, match.end()))
        start = next_start
    if start < para_end:
        spans.append((start, para_end))
    return spans


def context(text: str, start: int, end: int, *, sentences: int = 1) -> tuple[str, str]:
    """The text around ``text[start:end]`` for showing a quote in context: ``(before, after)``.

    The rule, within the paragraph (a paragraph is delimited by "\\n"; context never
    crosses one):

    - ``before`` runs from the start of the ``sentences``-th complete sentence before the
      quote (or from the paragraph start, if there are fewer) up to ``start``. So it holds
      whole sentences plus, if the quote starts mid-sentence, the beginning of that
      sentence.
    - ``after`` runs from ``end`` to the end of the ``sentences``-th sentence that starts
      after the quote (or to the paragraph end, if there are fewer). So it holds the rest
      of the quote's own sentence, if any, plus whole sentences.

    Both are returned exactly as in the text, only stripped of surrounding whitespace.

    A sentence ends at ".", "?" or "!" (or a run of them), optionally followed by closing
    quotes or brackets (’ ” ' " ] )), then whitespace. A single "." does not end a sentence
    after a known abbreviation ("Dr.", "Mrs.", "St.", "Jan.", ...), a dotted acronym
    ("U.S.", "e.g."), a single capital initial ("George W. Bush"), or when the next
    word starts with a lower-case letter.
    """
    if not 0 <= start <= end <= len(text):
        raise AnchorError(
            f"The span {start}–{end} is not within this {len(text)}-character transcript."
        )
    if sentences < 1:
        raise AnchorError(f"Ask for at least one sentence of context (got {sentences}).")

    para_start = text.rfind("\n", 0, start) + 1
    spans = _sentences(text, para_start, _paragraph_end(text, start))
    complete = sum(1 for _, sentence_end in spans if sentence_end <= start)
    before_start = spans[max(complete - sentences, 0)][0] if spans else para_start

    para_end = _paragraph_end(text, end)
    spans = _sentences(text, text.rfind("\n", 0, end) + 1, para_end)
    following = [sentence_end for sentence_start, sentence_end in spans if sentence_start >= end]
    after_end = following[sentences - 1] if len(following) >= sentences else para_end

    return text[before_start:start].strip(), text[end:after_end].strip()


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a one-paragraph ``text``, split by the rules
    :func:`context` uses (so "Dr. Smith" and "the U.S. Navy" end no sentence)."""
    return _sentences(text, 0, len(text))


def _selectors(text: str, start: int, end: int, context: int) -> Anchor:
    if context < 0:
        raise AnchorError(f"The context length must not be negative (got {context}).")
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def _paragraph_end(text: str, position: int) -> int:
    newline = text.find("\n", position)
    return len(text) if newline == -1 else newline


def _occurrences(text: str, exact: str) -> list[int]:
    """Start of every occurrence of ``exact``, overlapping ones included."""
    starts = []
    found = text.find(exact)
    while found != -1:
        starts.append(found)
        found = text.find(exact, found + 1)
    return starts


# Characters a copy may turn into one another: each stands for its whole group.
_ALIKE = ["'‘’ʼ′", '"“”″„', "-‐‑‒–—"]
_ALIKE_CLASS = {char: f"[{re.escape(group)}]" for group in _ALIKE for char in group}


def _alike(text: str, exact: str) -> dict[int, int]:
    """{start: end} of each stretch of ``text`` that is ``exact`` but for the typography a
    copy changes (quotation marks and apostrophes, hyphens and dashes) and the spacing
    between words, within one paragraph."""
    words = exact.split()
    if not words:
        return {}
    pattern = r"[^\S\n]+".join(
        "".join(_ALIKE_CLASS.get(char, re.escape(char)) for char in word) for word in words
    )
    return {found.start(): found.end() for found in re.finditer(pattern, text)}


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many code points of ``prefix``/``suffix`` match the text around an occurrence."""
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return _common_prefix_length(prefix[::-1], before[::-1]) + _common_prefix_length(suffix, after)


def _common_prefix_length(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def _preview(exact: str) -> str:
    return exact if len(exact) <= _PREVIEW_LENGTH else exact[:_PREVIEW_LENGTH] + "…"
