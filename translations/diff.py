"""What changed in a source text, word by word."""

import difflib
import re
from dataclasses import dataclass

WORDS = re.compile(r"\s+|\S+\s*")  # a word keeps its trailing space: spaces never match alone


@dataclass(frozen=True)
class DiffPart:
    """A run of words: kept ("equal"), removed from the source ("delete") or added ("insert")."""

    op: str
    text: str


def word_diff(before: str, after: str) -> list[DiffPart]:
    """The changes from `before` to `after` over words (spaces kept), for a page to mark up.

    Parts are plain text: the template escapes them inside its <del> and <ins>.
    """
    old, new = WORDS.findall(before), WORDS.findall(after)
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(DiffPart("delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(DiffPart("insert", "".join(new[j1:j2])))
    return parts
