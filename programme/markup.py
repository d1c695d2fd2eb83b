"""The small markup of paragraph text.

- ``[[key]]`` a figure placeholder, filled from the data when the text is shown;
- ``[[key|26]]`` a stated figure: printed as written, checked against the data by the reconciliation;
- ``[^key]`` a footnote marker, numbered in document order;
- a line starting with ``- `` is a bullet.
"""

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\[\[([a-z0-9_.]+)(?:\|([^\[\]|]+))?\]\]")
FOOTNOTE_MARKER = re.compile(r"\[\^([-a-z0-9_]+)\]")
TOKEN = re.compile(f"{PLACEHOLDER.pattern}|{FOOTNOTE_MARKER.pattern}")
BULLET = "- "


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class FigureRef:
    key: str
    stated: str | None = None


@dataclass(frozen=True)
class FootnoteRef:
    key: str


Token = Text | FigureRef | FootnoteRef


def tokens(text: str) -> list[Token]:
    """Split one block of text into plain text, figure references and footnote markers."""
    result: list[Token] = []
    position = 0
    for match in TOKEN.finditer(text):
        if match.start() > position:
            result.append(Text(text[position : match.start()]))
        figure_key, stated, footnote_key = match.groups()
        if footnote_key:
            result.append(FootnoteRef(footnote_key))
        else:
            result.append(FigureRef(figure_key, stated.strip() if stated else None))
        position = match.end()
    if position < len(text):
        result.append(Text(text[position:]))
    return result


@dataclass(frozen=True)
class Block:
    """A run of prose or one bullet of a list."""

    text: str
    is_bullet: bool = False


def blocks(text: str) -> list[Block]:
    """A paragraph's text as its lead prose and bullets, in order."""
    result: list[Block] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith(BULLET):
            result.append(Block(line[len(BULLET) :].strip(), is_bullet=True))
        else:
            result.append(Block(line.strip()))
    return result


def figure_refs(text: str) -> list[FigureRef]:
    return [t for t in tokens(text) if isinstance(t, FigureRef)]


def footnote_keys(text: str) -> list[str]:
    return FOOTNOTE_MARKER.findall(text)
