"""Split an interview of the Q/A shape into passages. Pure: no Django in here.

The shape (that of the seed interview): one paragraph a line; an introduction before the
first question; "Q:" and "A:" mark the first question and answer, after which questions may
run on without a marker; sidebars set as pipe tables ("AGE | 64 |", "---|---|"); editor's
notes wholly in [brackets]; a closing note on the author. Which unmarked paragraphs are the
interviewer's cannot be read off the text reliably (answers ask rhetorical questions too),
so a caller may name them by their opening words; otherwise a paragraph ending in "?" that
follows an answer is taken for a question.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    INTRO = "intro"
    QUESTION = "question"
    ANSWER = "answer"
    SIDEBAR = "sidebar"
    NOTE = "note"
    CLOSING = "closing"


class TranscriptFormatError(ValueError):
    """The text is not an interview of the expected shape; the message says where."""


@dataclass(frozen=True)
class ParsedPassage:
    role: Role
    start: int  # code points into the text, past any "Q: " / "A: " marker
    end: int


MARKER = re.compile(r"^(Q|A):\s*")
TABLE_ROW = re.compile(r"\|\s*$|^-{3,}\|")


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    offset = 0
    for line in text.split("\n"):
        stripped = line.rstrip("\r ")
        lead = len(stripped) - len(stripped.lstrip())
        if stripped.strip():
            yield offset + lead, offset + len(stripped)
        offset += len(line) + 1


def parse_transcript(
    text: str,
    *,
    interviewer_paragraphs: Iterable[str] | None = None,
    closing_paragraphs: Iterable[str] = (),
) -> list[ParsedPassage]:
    """Passages of `text` in order. `interviewer_paragraphs` (opening words) names every
    unmarked paragraph the interviewer says; when given, no guessing is done."""
    if not text.strip():
        raise TranscriptFormatError("The transcript is empty.")
    openings = None if interviewer_paragraphs is None else list(interviewer_paragraphs)
    closings = list(closing_paragraphs)
    unused = set(openings or []) | set(closings)

    passages: list[ParsedPassage] = []
    seen_question = False
    for number, (start, end) in enumerate(_paragraphs(text), start=1):
        paragraph = text[start:end]
        marker = MARKER.match(paragraph)
        if marker:
            role = Role.QUESTION if marker.group(1) == "Q" else Role.ANSWER
            if role is Role.ANSWER and not seen_question:
                raise TranscriptFormatError(
                    f"Paragraph {number} is marked “A:” but no question (“Q:”) comes before it."
                )
            seen_question = True
            passages.append(ParsedPassage(role, start + marker.end(), end))
            continue
        if TABLE_ROW.search(paragraph):
            previous = passages[-1] if passages else None
            if (
                previous
                and previous.role is Role.SIDEBAR
                and text[previous.end : start].strip() == ""
            ):
                passages[-1] = ParsedPassage(Role.SIDEBAR, previous.start, end)
            else:
                passages.append(ParsedPassage(Role.SIDEBAR, start, end))
            continue
        closing = next((c for c in closings if paragraph.startswith(c)), None)
        opening = next((o for o in openings or [] if paragraph.startswith(o)), None)
        unused.difference_update(found for found in (closing, opening) if found)
        if closing:
            role = Role.CLOSING
        elif paragraph.startswith("[") and paragraph.endswith("]"):
            role = Role.NOTE
        elif not seen_question:
            role = Role.INTRO
        elif opening or (openings is None and paragraph.endswith("?") and _after_answer(passages)):
            role = Role.QUESTION
        else:
            role = Role.ANSWER
        passages.append(ParsedPassage(role, start, end))

    if not seen_question:
        raise TranscriptFormatError(
            "No question found: the first question must start with “Q:” and its answer with “A:”."
        )
    if unused:
        names = ", ".join(f"“{u}”" for u in sorted(unused))
        raise TranscriptFormatError(f"No paragraph starts with {names}.")
    return passages


def _after_answer(passages: list[ParsedPassage]) -> bool:
    spoken = [p for p in passages if p.role in (Role.QUESTION, Role.ANSWER)]
    return bool(spoken) and spoken[-1].role is Role.ANSWER
