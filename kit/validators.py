"""What typed text may hold: no control characters (a pasted escape or bell, invisible and
not text); none of Unicode's bidirectional controls, the embeddings, overrides and isolates,
which reorder what is shown around them (a title could be made to read otherwise than it
is stored), nor its direction marks; and none of the characters that show nothing and join
or split words unseen (a zero-width space, a byte order mark, a word joiner), so that what
a reader sees is what is stored and searched. The zero-width joiner and non-joiner stay:
emoji and several scripts need them. Line ends and tabs only where the field holds several
lines; Unicode's line and paragraph separators nowhere (they end no line on a page)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SEPARATORS = "\u2028\u2029"  # Unicode's line and paragraph separators: no line end on a page
_OVERRIDES = "\u202a-\u202e\u2066-\u2069"
_MARKS = "\u200e\u200f\u061c"
_BIDI = _OVERRIDES + _MARKS
_INVISIBLE = "\u200b\u2060-\u2064\u206a-\u206f\ufeff"
_LINE_ENDS = "\t\n\r"


@deconstructible
class PlainText:
    """Refuse a control character or a bidirectional control; `lines`: tabs and line ends
    are allowed (a text area), else refused too (a single line). `quoting`: words copied
    from a transcript, which keeps the direction marks and invisible characters a pasted
    text holds (factcheck.transcripts), may hold them too, as its line and paragraph
    separators, or they could not be quoted."""

    def __init__(self, *, lines: bool = False, quoting: bool = False) -> None:
        self.lines, self.quoting = lines, quoting
        refused = _CONTROLS + (_OVERRIDES if quoting else _SEPARATORS + _BIDI + _INVISIBLE)
        self.pattern = re.compile(f"[{refused}{'' if lines else _LINE_ENDS}]")

    def __call__(self, value: str) -> None:
        found = self.pattern.search(value or "")
        if found:
            character = found[0]
            kind = (
                "a direction control"
                if re.match(f"[{_BIDI}]", character)
                else "an invisible"
                if re.match(f"[{_INVISIBLE}]", character)
                else "a control"
            )
            raise ValidationError(
                "This holds %(kind)s character (U+%(code)04X, at character %(at)d), which is "
                "not text: remove it, or type the words again.",
                code="control_character",
                params={"kind": kind, "code": ord(character), "at": found.start() + 1},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainText) and (other.lines, other.quoting) == (
            self.lines,
            self.quoting,
        )

    def __hash__(self) -> int:
        return hash((PlainText, self.lines, self.quoting))


single_line = PlainText()
several_lines = PlainText(lines=True)
quoted_words = PlainText(lines=True, quoting=True)


# Model fields with a format of their own, checked by their own form fields.
FORMATTED = (models.SlugField, models.URLField, models.EmailField)


def typed(db_field: models.Field) -> PlainText | None:
    """What a model's field holds as people type it refuses, wherever a form is made from
    the model (the admin's, the desk's): a line, or a text of several lines; None for a
    field with a format or choices of its own, or that is not text."""
    if not isinstance(db_field, (models.CharField, models.TextField)):
        return None
    if isinstance(db_field, FORMATTED) or db_field.choices:
        return None
    return several_lines if isinstance(db_field, models.TextField) else single_line
