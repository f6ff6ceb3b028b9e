"""What typed text may hold: no control characters (a pasted escape or bell, invisible and
not text) and none of Unicode's bidirectional embedding, override and isolate controls,
which reorder what is shown around them (a title could be made to read otherwise than it
is stored). Line ends and tabs only where the field holds several lines."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_LINE_ENDS = "\t\n\r"


@deconstructible
class PlainText:
    """Refuse a control character or a bidirectional control; `lines`: tabs and line ends
    are allowed (a text area), else refused too (a single line)."""

    def __init__(self, *, lines: bool = False) -> None:
        self.lines = lines
        refused = _CONTROLS + _BIDI + ("" if lines else _LINE_ENDS)
        self.pattern = re.compile(f"[{refused}]")

    def __call__(self, value: str) -> None:
        found = self.pattern.search(value or "")
        if found:
            character = found[0]
            kind = "a direction control" if re.match(f"[{_BIDI}]", character) else "a control"
            raise ValidationError(
                "This holds %(kind)s character (U+%(code)04X, at character %(at)d), which is "
                "not text: remove it, or type the words again.",
                code="control_character",
                params={"kind": kind, "code": ord(character), "at": found.start() + 1},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainText) and other.lines == self.lines

    def __hash__(self) -> int:
        return hash((PlainText, self.lines))


single_line = PlainText()
several_lines = PlainText(lines=True)
