"""What changed between two versions of a text, word by word, for a reviewer to see at a
glance. Pure Python (difflib); the template marks the pieces up, escaping them as usual."""

import difflib
import re
from typing import Literal

Kind = Literal["same", "added", "removed"]
Piece = tuple[Kind, str]

# Words and the spaces between them, so that joining the pieces gives the text back exactly.
_TOKENS = re.compile(r"\s+|\S+")


def word_diff(old: str, new: str) -> list[Piece]:
    """`old` turned into `new` as pieces of text: kept, removed or added. Joining the kept
    and removed pieces gives `old`; the kept and added ones, `new`."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    # autojunk off: on a long analysis it would treat common words as noise and mark
    # whole paragraphs changed.
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    pieces: list[Piece] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(after[j1:j2])))
    return pieces
