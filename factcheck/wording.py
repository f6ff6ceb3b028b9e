"""What changed between two versions of a text, word by word, for a reviewer to see at a
glance. Pure Python (difflib); the template marks the pieces up, escaping them as usual."""

import difflib
import itertools
import re
from typing import Literal

Kind = Literal["same", "added", "removed"]
Piece = tuple[Kind, str]

# Words and the spaces between them, so that joining the pieces gives the text back exactly.
_TOKENS = re.compile(r"\s+|\S+")


# Kept words between two changes, up to this many, are taken as changed too: "Unemployment
# was 6.1" turned into "Revised figures put 5.8" reads as the one phrase replaced by the
# other, not as words struck and added in turn around every "the" and "in" they share.
ABSORBED_WORDS = 2


def word_diff(old: str, new: str) -> list[Piece]:
    """`old` turned into `new` as pieces of text: kept, removed or added, each change a
    phrase removed then the phrase added in its place. Joining the kept and removed pieces
    gives `old`; the kept and added ones, `new`."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    # autojunk off: on a long analysis it would treat common words as noise and mark
    # whole paragraphs changed.
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    # Runs of (kept?, the old text's tokens, the new text's tokens).
    runs = [
        (operation == "equal", before[i1:i2], after[j1:j2])
        for operation, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    for number, (kept, tokens, _) in enumerate(runs):
        between = 0 < number < len(runs) - 1
        if kept and between and sum(not token.isspace() for token in tokens) <= ABSORBED_WORDS:
            runs[number] = (False, tokens, tokens)
    pieces: list[Piece] = []
    for kept, group in itertools.groupby(runs, key=lambda run: run[0]):
        group_runs = list(group)
        removed = "".join(token for _, tokens, _ in group_runs for token in tokens)
        added = "".join(token for _, _, tokens in group_runs for token in tokens)
        if kept:
            pieces.append(("same", removed))
            continue
        if removed:
            pieces.append(("removed", removed))
        if added:
            pieces.append(("added", added))
    return pieces
