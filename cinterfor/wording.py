"""What changed between two texts, word by word: one diff for history, compare and translations.

Pieces are plain text; the page that shows them escapes them (templates do, by default).
"""

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

# Words, runs of white space (line breaks included) and single marks: a changed comma is one
# token, not a word. Every character falls in one token, so the tokens join back to the text.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True)
class Piece:
    """A run of text both states share (EQUAL), or that the newer one deleted or inserted."""

    op: str  # EQUAL, INSERT or DELETE
    text: str


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def change_spans(
    before: Sequence[str], after: Sequence[str]
) -> list[tuple[bool, int, int, int, int]]:
    """Aligned spans of two token lists: (kept, i1, i2, j1, j2), as difflib's opcodes.

    Spaces (or a dash) kept between two changes join the change, so a rewritten sentence, or
    "2020–21" become "2022–23", reads as one deletion and one insertion, not alternating words.
    """
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    codes = matcher.get_opcodes()
    spans: list[tuple[bool, int, int, int, int]] = []
    for index, (op, i1, i2, j1, j2) in enumerate(codes):
        kept = op == "equal"
        between_changes = kept and 0 < index < len(codes) - 1 and _joins("".join(before[i1:i2]))
        if (not kept or between_changes) and spans and not spans[-1][0]:
            _kept, start_i, _i2, start_j, _j2 = spans[-1]
            spans[-1] = (False, start_i, i2, start_j, j2)
        else:
            spans.append((kept and not between_changes, i1, i2, j1, j2))
    return spans


def _joins(kept: str) -> bool:
    """Kept text too slight to stand between two changes: spaces, or one mark such as a dash."""
    return not kept.strip() or (len(kept) == 1 and not kept.isalnum())


def word_diff(old: str, new: str) -> list[Piece]:
    """Both whole texts as pieces kept, deleted and inserted, in order, word by word."""
    before, after = tokens(old), tokens(new)
    pieces: list[Piece] = []
    for kept, i1, i2, j1, j2 in change_spans(before, after):
        if kept:
            pieces.append(Piece(EQUAL, "".join(after[j1:j2])))
            continue
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        pieces += [Piece(op, text) for op, text in ((DELETE, removed), (INSERT, added)) if text]
    return pieces
