"""Read an interview transcript as newsrooms have them and split it into passages. Pure: no
Django in here.

What it reads, a paragraph a line:
- turns marked "Q:"/"A:" (or "Q."/"A.", "Question:"/"Answer:"), or by the speaker's name in
  any case, with or without an honorific ("BOB DAVIS:", "Davis:", "Adm. Michael Rogers:"); a
  short form after the first mention ("ROGERS:") is the same person. A label may stand alone
  on its line, be set in Markdown bold ("**Q:**", "**BOB DAVIS:**") and carry a timestamp.
  Once speakers are declared and a turn has begun, a name nobody declared that opens just one
  paragraph, in line with its words ("Barack Obama: We will…" read out in an answer), is a
  quotation in the turn, not a new speaker;
- timestamps ("[00:12:34]", "00:12:34", "(12:34)") before or after a label, or alone on a line
  for the paragraph that follows: kept on the passage, never in its words;
- editor's notes wholly in [brackets], and marks such as "[crosstalk]" or "(laughter)", kept
  as notes and never as anyone's words, also inside an answer, which is split around them. A
  bracketed clarification inside a sentence ("the hub-and-spoke [revolving around the U.S.]")
  is the speaker's sentence as published and stays in it;
- an introduction before the first labelled turn, and a closing note on the author after the
  last one (a paragraph opening with a speaker's name and "is", or a comma; or anything after
  a rule, "---"), neither of them anyone's words;
- sidebars set as pipe tables ("AGE | 64 |", "---|---|").
Unlabelled paragraphs continue the turn above. In a transcript marked only "Q:"/"A:" (the
bundled interview marks just its first question and answer), which unlabelled paragraphs are
the interviewer's cannot be read off the text reliably, as answers ask rhetorical questions
too; a caller may name them by their opening words, otherwise a paragraph ending in "?" after
an answer is taken for a question, and the passage says it is a guess.

A UTF-8 byte-order mark is dropped and every line end (CRLF, CR) read as LF: the passages'
offsets are into that text, `ParsedTranscript.text`, which is what is stored.
"""

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kit.responses import readable_size


class Role(StrEnum):
    INTRO = "intro"
    QUESTION = "question"
    ANSWER = "answer"
    SIDEBAR = "sidebar"
    NOTE = "note"
    CLOSING = "closing"


SPOKEN = (Role.QUESTION, Role.ANSWER)


class TranscriptFormatError(ValueError):
    """The text cannot be imported as a transcript; the message says why and where."""


@dataclass(frozen=True)
class ParsedPassage:
    role: Role
    start: int  # code points into the text, past any label or timestamp
    end: int
    speaker: str = ""  # who says it, by name ("" for what nobody says, or nobody named)
    paragraph: int = 0  # the paragraph it is in, counting non-blank lines from 1
    reason: str = ""  # why it has this role and speaker, in a few words
    guessed: bool = False  # the role or speaker is a guess an editor should check
    timestamp: str = ""  # "00:12:34", when the transcript gives one
    # The role and speaker the text was read as, where an editor's correction replaced them.
    read: tuple[Role, str] | None = None

    @property
    def as_read(self) -> tuple[Role, str]:
        """The role and speaker the text was read as, before any editor's correction."""
        return self.read or (self.role, self.speaker)


@dataclass(frozen=True)
class ParsedTranscript:
    text: str  # the text the offsets are into: no byte-order mark, LF line ends
    passages: tuple[ParsedPassage, ...]
    speakers: tuple[str, ...]  # everyone who speaks or is named, interviewer first

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


def normalise(text: str) -> str:
    """`text` without a byte-order mark, every line end read as LF: a word processor's line
    break (vertical tab) and a page break (form feed, as PDF extractors write) included."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return text.translate(_LINE_ENDS) if _OTHER_LINE_ENDS.search(text) else text


_OTHER_LINE_ENDS = re.compile("[\r\v\f]")
_LINE_ENDS = str.maketrans(dict.fromkeys("\r\v\f", "\n"))
# Control characters no transcript holds once its line ends are read (tabs and LF aside):
# an escape sequence from a terminal, a stray byte from a binary file.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Unicode's embeddings, overrides and isolates reorder what is shown after them: a sentence
# of an interview could be made to read backwards, or otherwise than it is stored and
# quoted. (A pasted text's direction marks and invisible joiners are left: they reorder
# nothing, and a long text from a web page often holds some.)
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


def content_hash(text: str) -> str:
    """SHA-256 of the text as stored: the same words with other line ends hash the same."""
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()


def same_text_hashes(text: str) -> list[str]:
    """The content hashes a text imported already may be stored under: as it is, and as
    it is with or without the final line end a file has and a pasted box may not (the admin
    strips it; an upload keeps it)."""
    words = normalise(text).rstrip()
    return [content_hash(text), content_hash(words), content_hash(words + "\n")]


def check_size(size: int, *, max_bytes: int) -> None:
    """Refuse a transcript of `size` bytes over the limit, before it is read."""
    if size > max_bytes:
        raise TranscriptFormatError(
            f"The transcript is {readable_size(size)}; the limit is {readable_size(max_bytes)} "
            "(TRANSCRIPT_MAX_BYTES). Import a long interview in parts."
        )


def check_text(text: str, *, max_bytes: int) -> str:
    """`text` as typed or pasted, if it can be a transcript: not empty, no NUL character,
    within `max_bytes` of UTF-8. Raises TranscriptFormatError saying what is wrong."""
    if "\x00" in text:
        raise TranscriptFormatError(
            f"The transcript holds a NUL character (at character {text.index(chr(0)) + 1}): "
            "it is not plain text. Save it from the word processor as plain UTF-8 text."
        )
    check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes=max_bytes)
    if control := _CONTROL.search(text):
        raise TranscriptFormatError(
            f"The transcript holds a control character (U+{ord(control[0]):04X}, at character "
            f"{control.start() + 1}), which is not text: remove it, or save the transcript "
            "from the word processor as plain UTF-8 text."
        )
    if direction := _DIRECTION.search(text):
        raise TranscriptFormatError(
            f"The transcript holds a direction control character (U+{ord(direction[0]):04X}, "
            f"at character {direction.start() + 1}), which would show the text after it "
            "otherwise than it is: remove it, or save the transcript from the word processor "
            "as plain UTF-8 text."
        )
    if not normalise(text).strip():
        raise TranscriptFormatError("The transcript is empty.")
    return text


def read_transcript(data: bytes, *, max_bytes: int) -> str:
    """The text of an uploaded or read file, if it can be a transcript (see check_text)."""
    check_size(len(data), max_bytes=max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TranscriptFormatError(
            "The transcript is UTF-16 text; save it as UTF-8, or convert it: "
            "iconv -f utf-16 -t utf-8 talk.txt > talk-utf8.txt"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TranscriptFormatError(
            f"The transcript is not UTF-8 text (byte {error.start + 1} cannot be read). Save "
            "it as UTF-8, or convert it, e.g. from Windows' Western encoding: "
            "iconv -f windows-1252 -t utf-8 talk.txt > talk-utf8.txt"
        ) from error
    return check_text(text, max_bytes=max_bytes)


# --- What a paragraph opens with -----------------------------------------------------------

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?"
TIMESTAMP = re.compile(
    rf"\[(?P<square>{_TIME})\]|\((?P<round>{_TIME})\)|(?P<bare>\d{{1,2}}:\d{{2}}:\d{{2}})(?![\d:])"
)
_BOLD = re.compile(r"\*\*|__")
_QA = re.compile(
    r"(?P<qa>Q|A|Question|Answer|QUESTION|ANSWER)(?:\*\*|__)?\s*[:.](?:\*\*|__)?(?=\s|$)"
)
_NAME = re.compile(
    r"(?P<name>[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,5})"
    rf"(?:\s*(?:\[(?P<square>{_TIME})\]|\((?P<round>{_TIME})\)))?"
    r"(?:\*\*|__)?\s*:(?:\*\*|__)?(?=\s|$)"
)
RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|(?:\* ){2,}\*)$")
TABLE_ROW = re.compile(r"\|\s*$|^-{3,}\|")


def table_cells(line: str) -> list[str]:
    """The cells of a row of a sidebar's pipe table ("AGE | 64 |": ["AGE", "64"])."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def is_table_rule(cells: list[str]) -> bool:
    """Whether a row of a pipe table is the rule under its first row ("---|:--|")."""
    return all(set(cell) <= {"-", ":"} for cell in cells)


def table_rows(text: str) -> list[list[str]] | None:
    """`text` as rows of a pipe table's cells, each row's empty cells left out and its
    rules ("---|---|") dropped, when every line of it is such a row (a quote from a
    sidebar); else None."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not all(TABLE_ROW.search(line.strip()) for line in lines):
        return None
    rows = [[cell for cell in table_cells(line) if cell] for line in lines]
    return [row for row in rows if row and not is_table_rule(row)]


HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "adm",
        "admiral",
        "gen",
        "general",
        "lt",
        "col",
        "colonel",
        "capt",
        "captain",
        "maj",
        "major",
        "sgt",
        "cmdr",
        "commander",
        "rep",
        "representative",
        "sen",
        "senator",
        "gov",
        "governor",
        "amb",
        "ambassador",
        "pres",
        "president",
        "sec",
        "secretary",
        "hon",
        "rev",
        "judge",
        "justice",
        "mayor",
        "chairman",
        "chairwoman",
        "minister",
        "prime",
        "vice",
        "rear",
    ]
)
PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "der",
        "den",
        "du",
        "la",
        "le",
        "van",
        "von",
        "bin",
        "al",
        "el",
        "dos",
        "das",
        "y",
    ]
)
# Words that open a paragraph with a colon without naming anyone.
NOT_NAMES = frozenset(
    {
        "note", "editor's note", "editor’s note", "editors note", "update", "correction",
        "clarification", "source", "sources", "transcript", "photo", "caption", "related",
        "read more", "disclosure", "warning",
    }
)  # fmt: skip
INTERVIEWER_LABELS = frozenset({"q", "question", "interviewer"})
INTERVIEWEE_LABELS = frozenset({"a", "answer"})

# Marks of what was heard, not said: never anyone's words (bracketed or in parentheses).
MARKS = (
    r"crosstalk|cross-talk|cross talk|laughter|laughs|laughing|chuckles|chuckling|applause|"
    r"inaudible|unintelligible|indiscernible|pause|pauses|silence|music|coughs|sighs|"
    r"overlapping|overtalk|audio cuts out|break|recording|end of (?:transcript|recording)"
)
INLINE_NOTE = re.compile(rf"\[[^\[\]\n]+\]|\((?:{MARKS})\b[^()\n]*\)", re.IGNORECASE)
MARK = re.compile(rf"^[\[(](?:{MARKS})\b", re.IGNORECASE)
NOTE_OPENING = re.compile(r"^\[(?:editor[’']?s? note|ed\. note|note)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Opening:
    body: int  # where the words start, past label and timestamps
    qa: str = ""  # "q" or "a" for a Q/A label
    label: str = ""  # a name label as written
    timestamp: str = ""
    label_at: int = 0  # where the label starts


def _timestamp(match: re.Match) -> str:
    """A timestamp as h:mm:ss, zero-padded: "(12:34)" is "00:12:34"."""
    raw = match.group("square") or match.group("round") or match.group("bare")
    parts = raw.replace(",", ".").split(".")[0].split(":")
    while len(parts) < 3:
        parts.insert(0, "0")
    return ":".join(part.zfill(2) for part in parts)


def _skip(pattern: re.Pattern, line: str, at: int) -> int:
    match = pattern.match(line, at)
    return match.end() if match else at


def _spaces(line: str, at: int) -> int:
    while at < len(line) and line[at].isspace():
        at += 1
    return at


def _read_opening(line: str, cast: "_Cast") -> _Opening:
    at = _spaces(line, _skip(_BOLD, line, 0))
    timestamp = ""
    if found := TIMESTAMP.match(line, at):
        timestamp = _timestamp(found)
        at = _spaces(line, found.end())
        at = _spaces(line, _skip(_BOLD, line, at))
    qa = label = ""
    label_at = 0
    if found := _QA.match(line, at):
        qa = "q" if found.group("qa").lower() in INTERVIEWER_LABELS else "a"
        at = found.end()
    elif (found := _NAME.match(line, at)) and cast.is_label(found.group("name")):
        label, label_at = found.group("name"), at
        if found.group("square") or found.group("round"):
            timestamp = timestamp or _timestamp(found)
        at = found.end()
    else:
        return _Opening(body=at, timestamp=timestamp)
    at = _spaces(line, at)
    if not timestamp and (found := TIMESTAMP.match(line, at)):
        timestamp = _timestamp(found)
        at = _spaces(line, found.end())
    return _Opening(body=at, qa=qa, label=label, timestamp=timestamp, label_at=label_at)


# --- Who is who ----------------------------------------------------------------------------


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s.]+", name.lower().replace("’", "'")) if w]


def name_key(name: str) -> tuple[str, ...]:
    """The words that identify a person in `name`, without honorifics: "Adm. Michael
    Rogers" and "MICHAEL ROGERS" have the same key."""
    words = _words(name)
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return tuple(words)


def display_name(label: str) -> str:
    """A label as a name: honorifics dropped, capitals only where names have them."""
    words = label.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    if all(not w.isalpha() or w.isupper() for w in words):
        words = [w if w.lower() in PARTICLES else w.capitalize() for w in words]
        words = [re.sub(r"(?<=['’-])(\w)", lambda m: m.group(1).upper(), w) for w in words]
    return " ".join(words)


def _same_person(label: tuple[str, ...], name: tuple[str, ...]) -> bool:
    if not label or not name:
        return False
    if label == name:
        return True
    if len(label) == 1:
        return label[0] in (name[0], name[-1])
    # "Michael S. Rogers" and "Michael Rogers": the same surname, every other word of the
    # shorter one found in the longer.
    shorter, longer = sorted((label, name), key=len)
    return shorter[-1] == longer[-1] and set(shorter) <= set(longer)


class _Cast:
    """Everyone named so far: the names the caller gave first, then each new label."""

    def __init__(self, interviewer: str, interviewee: str, others: Iterable[str]) -> None:
        self.interviewer = interviewer.strip()
        self.interviewee = interviewee.strip()
        self.names: list[str] = [
            n for n in dict.fromkeys([self.interviewer, self.interviewee, *others]) if n.strip()
        ]
        self.declared = bool(self.names)  # the caller named someone

    def matches(self, label: str) -> list[str]:
        key = name_key(label)
        return [name for name in self.names if _same_person(key, name_key(name))]

    def is_label(self, name: str) -> bool:
        """Whether "name:" opening a paragraph labels a speaker. One word counts only in
        capitals or when it names someone known ("Davis:"); "Note:" does not."""
        words = name.split()
        if name.lower() in NOT_NAMES or not any(w[0].isupper() for w in words):
            return False
        if not all(w[0].isupper() or w.lower() in PARTICLES for w in words):
            return False
        key = name_key(name)
        if len(key) == 1 and not name.isupper():
            return bool(self.matches(name))
        return True

    def resolve(self, label: str) -> tuple[str, str, bool]:
        """(name, why, guessed) for a label."""
        found = self.matches(label)
        if len(found) == 1:
            name = found[0]
            same = name_key(name) == name_key(label)
            return name, f"labelled {label}" + ("" if same else f" ({name})"), False
        name = display_name(label)
        if found:
            why = f"labelled {label}: could be {' or '.join(found)}, taken as a new speaker"
            self.names.append(name)
            return name, why, True
        self.names.append(name)
        if self.declared:
            # Someone the caller did not name: a speaker to add, or a label misread.
            return name, f"labelled {label}: not among the names given, a new speaker", True
        return name, f"labelled {label}", False


# --- Splitting -----------------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(paragraph number, start, end) of every non-blank line, whitespace trimmed."""
    offset = 0
    number = 0
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped.strip():
            number += 1
            lead = len(stripped) - len(stripped.lstrip())
            yield number, offset + lead, offset + len(stripped)
        offset += len(line) + 1


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_note(bracketed: str) -> bool:
    """Whether a bracketed aside is an editor's note or a mark rather than the speaker's
    sentence with a clarification in it: a mark ("[laughter]"), a note that says so
    ("[Editor's note: …]"), or a whole sentence of its own ("[So far, … failed.]"), also
    one that ends in a quotation ("[Rather it says, “… to do it.”]")."""
    inner = bracketed[1:-1].strip()
    ending = inner.rstrip("”’\"'")
    return bool(
        MARK.match(bracketed)
        or NOTE_OPENING.match(bracketed)
        or (inner[:1].isupper() and ending[-1:] in ".!?" and len(inner.split()) > 2)
    )


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, is_note) of `text[start:end]` split around its notes; none empty."""
    pieces = []
    position = start
    for found in INLINE_NOTE.finditer(text, start, end):
        if not _is_note(found.group()):
            continue
        pieces.append((*_trimmed(text, position, found.start()), False))
        pieces.append((found.start(), found.end(), True))
        position = found.end()
    pieces.append((*_trimmed(text, position, end), False))
    return [piece for piece in pieces if piece[1] > piece[0]]


class _Splitter:
    def __init__(
        self,
        text: str,
        cast: _Cast,
        openings: list[str] | None,
        closings: list[str],
        max_passages: int | None,
        labels: "_Labels",
    ) -> None:
        self.text = text
        self.cast = cast
        self.labels = labels
        self.openings = openings
        self.closings = closings
        self.max_passages = max_passages
        self.passages: list[ParsedPassage] = []
        self.qa_style = True  # only "Q:"/"A:" labels so far: unlabelled turns are guessed
        self.speaker = ""  # who speaks now
        self.role: Role | None = None  # their role
        self.pending_timestamp = ""
        self.pending: tuple[str, bool] | None = None  # a label alone on the line above
        self.last_labelled = -1  # index of the last labelled passage
        self.rule_before: set[int] = set()  # passages that follow a rule line

    def add(self, passage: ParsedPassage) -> None:
        if self.max_passages is not None and len(self.passages) >= self.max_passages:
            raise TranscriptFormatError(
                f"The transcript has more than {self.max_passages:,} passages, the limit "
                "(TRANSCRIPT_MAX_PASSAGES). Import a long interview in parts."
            )
        self.passages.append(passage)

    def role_of(self, speaker: str) -> tuple[Role, bool]:
        """A named speaker's role: the interviewer asks, everyone else answers. With no
        interviewer named by the caller, the first to speak is taken for them."""
        guessed = False
        if not self.cast.interviewer:
            self.cast.interviewer, guessed = speaker, True
        if speaker == self.cast.interviewer:
            return Role.QUESTION, guessed
        return Role.ANSWER, False

    def paragraph(self, number: int, start: int, end: int) -> None:
        line = self.text[start:end]
        if RULE.match(line):
            self.rule_before.add(len(self.passages))
            return
        if TABLE_ROW.search(line):
            return self.sidebar(number, start, end)
        opening = _read_opening(line, self.cast)
        quoted = ""
        if opening.label and not self.is_turn(opening, line):
            quoted, opening = opening.label, _Opening(opening.label_at, timestamp=opening.timestamp)
        body = start + opening.body
        timestamp = opening.timestamp or self.pending_timestamp
        labelled = bool(opening.qa or opening.label)
        if labelled:
            self.pending = self.turn(number, opening)
        if body >= end:  # a label or a timestamp alone on its line: it heads the next one
            self.pending_timestamp = timestamp
            return
        self.pending_timestamp = ""
        paragraph = self.text[body:end]
        if any(paragraph.startswith(closing) for closing in self.closings):
            self.pending = None
            return self.add(
                ParsedPassage(Role.CLOSING, body, end, "", number, "named as closing", False)
            )
        if self.pending is not None:
            (reason, guessed), self.pending = self.pending, None
            labelled = True
        elif self.role is None:
            if paragraph.startswith("[") and paragraph.endswith("]") and _is_note(paragraph):
                return self.note(number, body, end, timestamp)
            return self.add(
                ParsedPassage(Role.INTRO, body, end, "", number, "before the first turn")
            )
        else:
            reason, guessed = self.carry_on(paragraph)
            if quoted:
                reason += f" (“{quoted}:” quoted in it, not a speaker: named once, undeclared)"
        self.spoken(number, body, end, reason, guessed, timestamp, labelled)

    def is_turn(self, opening: _Opening, line: str) -> bool:
        """Whether a name label opens a turn rather than a quotation inside one ("Barack
        Obama: …" read out in an answer). A label is a speaker's when it names someone the
        caller declared or who already spoke, when it is set apart as labels are (alone on its
        line, or in bold), when the name labels more than one paragraph, or when the caller
        named nobody, so that nothing tells a quotation apart. Before the first turn, a name
        in capitals ("JANE DOE:") opens one too; a heading such as "Harbour Talks: Elena Marsh
        on the port strike" does not: it is the introduction, not a speaker. With nobody
        named (the import's preview, before the names are typed), only a heading before a
        conversation without it (_Labels.conversation_besides): else its label is the first
        speaker's."""
        if self.cast.matches(opening.label):
            return True
        if opening.body >= len(line) or _BOLD.search(line, opening.label_at, opening.body):
            return True
        key = name_key(opening.label)
        if sum(n for other, n in self.labels.counts.items() if _same_person(key, other)) > 1:
            return True
        if self.role is None:  # before the first turn
            if opening.label.isupper():
                return True
            return not self.cast.declared and not self.labels.conversation_besides(key)
        return not self.cast.declared

    def turn(self, number: int, opening: _Opening) -> tuple[str, bool]:
        """A labelled turn begins: who speaks, and why we say so."""
        guessed = False
        if opening.qa:
            if opening.qa == "a" and self.role is None:
                raise TranscriptFormatError(
                    f"Paragraph {number} is marked “A:” but no question (“Q:”) comes before it."
                )
            self.set_role(Role.QUESTION if opening.qa == "q" else Role.ANSWER)
            return f"labelled {opening.qa.upper()}", False
        self.qa_style = False
        self.speaker, reason, guessed = self.cast.resolve(opening.label)
        self.role, guessed_role = self.role_of(self.speaker)
        if guessed_role:
            reason += ", taken for the interviewer: the first to speak"
        return reason, guessed or guessed_role

    def carry_on(self, paragraph: str) -> tuple[str, bool]:
        """An unlabelled paragraph after a turn began."""
        if self.qa_style and self.openings is not None:
            if any(paragraph.startswith(o) for o in self.openings):
                self.set_role(Role.QUESTION)
                return "opening words named as the interviewer’s", False
            if self.role is Role.QUESTION:
                self.set_role(Role.ANSWER)
                return "not named as the interviewer’s: the answer", False
        elif self.qa_style:
            if self.role is Role.ANSWER and paragraph.endswith("?"):
                self.set_role(Role.QUESTION)
                return "guess: ends in ? after an answer", True
            if self.role is Role.QUESTION and self.passages[-1].role is Role.QUESTION:
                self.set_role(Role.ANSWER)
                return "guess: after a question, so the answer", True
        assert self.role is not None
        whose = f"{self.speaker}’s" if self.speaker and not self.qa_style else "the"
        return f"continues {whose} {self.role.value} above", False

    def set_role(self, role: Role) -> None:
        self.role = role
        self.speaker = self.cast.interviewer if role is Role.QUESTION else self.cast.interviewee

    def spoken(
        self,
        number: int,
        start: int,
        end: int,
        reason: str,
        guessed: bool,
        timestamp: str,
        labelled: bool,
    ) -> None:
        assert self.role is not None
        pieces = _pieces(self.text, start, end)
        for index, (piece_start, piece_end, is_note) in enumerate(pieces):
            if is_note:
                self.note(number, piece_start, piece_end, timestamp if index == 0 else "")
                continue
            why = reason if index == 0 else f"continues the {self.role.value} around a note"
            self.add(
                ParsedPassage(
                    self.role,
                    piece_start,
                    piece_end,
                    self.speaker,
                    number,
                    why,
                    guessed,
                    timestamp if index == 0 else "",
                )
            )
            if index == 0 and labelled:
                self.last_labelled = len(self.passages) - 1

    def note(self, number: int, start: int, end: int, timestamp: str) -> None:
        bracketed = self.text[start:end]
        why = "a mark of what was heard" if MARK.match(bracketed) else "in brackets: a note"
        self.add(ParsedPassage(Role.NOTE, start, end, "", number, why, False, timestamp))

    def sidebar(self, number: int, start: int, end: int) -> None:
        previous = self.passages[-1] if self.passages else None
        if (
            previous
            and previous.role is Role.SIDEBAR
            and self.text[previous.end : start].strip() == ""
        ):
            self.passages[-1] = ParsedPassage(
                Role.SIDEBAR, previous.start, end, "", previous.paragraph, previous.reason
            )
        else:
            self.add(ParsedPassage(Role.SIDEBAR, start, end, "", number, "a table: a sidebar"))

    def finish(self) -> list[ParsedPassage]:
        """The closing note: after the last labelled turn, from the first unlabelled
        paragraph that follows a rule or opens with a speaker's name ("Bob Davis is …",
        "Bob Davis, a former …") to the end, only notes and sidebars between."""
        tail = range(self.last_labelled + 1, len(self.passages))
        spoken = [i for i in tail if self.passages[i].role in SPOKEN]
        start = None
        for i in spoken:
            words = self.text[self.passages[i].start : self.passages[i].end]
            if i in self.rule_before or self._opens_with_a_name(words):
                start = i
                break
        if start is None or self.last_labelled < 0:
            return self.passages
        why = "after a rule at the end" if start in self.rule_before else "a bio at the end"
        return [
            p
            if i < start or p.role not in SPOKEN
            else ParsedPassage(
                Role.CLOSING, p.start, p.end, "", p.paragraph, f"closing note: {why}"
            )
            for i, p in enumerate(self.passages)
        ]

    def _opens_with_a_name(self, words: str) -> bool:
        for name in self.cast.names:
            names = f"{re.escape(name)}|{re.escape(name.upper())}"
            if re.match(rf"(?:{names})(?:,| is | was )", words):
                return True
        return False


@dataclass(frozen=True)
class _Labels:
    """The names that open paragraphs as labels ("DAVIS:", "Barack Obama:"), read before
    the text is split: how many paragraphs each opens, those after the first, and whether
    turns are marked "Q:" and "A:"."""

    counts: Counter[tuple[str, ...]]
    later: tuple[tuple[str, ...], ...]
    marked: bool

    @classmethod
    def of(cls, text: str) -> "_Labels":
        anyone = _Cast("", "", ())
        openings = [_read_opening(text[start:end], anyone) for _, start, end in _lines(text)]
        keys = [name_key(opening.label) for opening in openings if opening.label]
        return cls(Counter(keys), tuple(keys[1:]), any(opening.qa for opening in openings))

    def conversation_besides(self, key: tuple[str, ...]) -> bool:
        """Whether the text is a conversation without the label `key`: turns marked "Q:"
        and "A:", or two other people labelling paragraphs after the first label."""
        if self.marked:
            return True
        people: list[tuple[str, ...]] = []
        for other in self.later:
            if _same_person(key, other) or any(_same_person(other, p) for p in people):
                continue
            people.append(other)
            if len(people) == 2:
                return True
        return False


def parse_transcript(
    text: str,
    *,
    interviewer: str = "",
    interviewee: str = "",
    speakers: Sequence[str] = (),
    interviewer_paragraphs: Iterable[str] | None = None,
    closing_paragraphs: Iterable[str] = (),
    max_passages: int | None = None,
) -> ParsedTranscript:
    """`text` split into passages, each with its role, speaker and why.

    `interviewer` and `interviewee` name who "Q:" and "A:" are, and whom labels such as
    "DAVIS:" are matched against (`speakers` names anyone else). `interviewer_paragraphs`
    (opening words) names every unlabelled paragraph the interviewer says in a "Q:"/"A:"
    transcript; when given, nothing is guessed. `closing_paragraphs` (opening words) names the
    closing note when it cannot be recognised."""
    text = normalise(text)
    if not text.strip():
        raise TranscriptFormatError("The transcript is empty.")
    openings = None if interviewer_paragraphs is None else list(interviewer_paragraphs)
    closings = list(closing_paragraphs)
    cast = _Cast(interviewer, interviewee, speakers)
    splitter = _Splitter(text, cast, openings, closings, max_passages, _Labels.of(text))
    for number, start, end in _lines(text):
        splitter.paragraph(number, start, end)
    if splitter.role is None:
        raise TranscriptFormatError(
            "No question found: mark the first question “Q:” and its answer “A:”, or begin "
            "each turn with its speaker's name (“BOB DAVIS:”)."
        )
    passages = splitter.finish()
    wanted = set(openings or []) | set(closings)
    used = {o for o in wanted for p in passages if text[p.start : p.end].startswith(o)}
    if unused := wanted - used:
        names = ", ".join(f"“{u}”" for u in sorted(unused))
        raise TranscriptFormatError(f"No paragraph starts with {names}.")
    named = [cast.interviewer, *cast.names]
    speaking = [p.speaker for p in passages if p.speaker]
    return ParsedTranscript(
        text=text,
        passages=tuple(passages),
        speakers=tuple(n for n in dict.fromkeys([*named, *speaking]) if n),
    )


def strip_label(paragraph_start: str) -> str:
    """The words of a paragraph's opening without its label or timestamp."""
    return paragraph_start[_read_opening(paragraph_start, _Cast("", "", ())).body :]
