"""The small markup of paragraph text.

- ``[[key]]`` a figure placeholder, filled from the data when the text is shown;
- ``[[key|26]]`` a stated figure: printed as written, checked against the data by the reconciliation;
- ``[^key]`` a footnote marker, numbered in document order;
- a line starting with ``- `` is a bullet.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

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


# The editor's view of a text: each placeholder shown as a numbered chip, so staff never type
# placeholder syntax; the form turns the chips back into placeholders before saving.

ANY_PLACEHOLDER = re.compile(r"\[\[[^\[\]]*\]\]")  # malformed ones too, so none slips by
CHIP = re.compile(r"⟦(\d+)⟧")


def chip(number: int) -> str:
    return f"⟦{number}⟧"


def placeholders_in(texts: dict[str, str], first: str) -> list[str]:
    """Every placeholder of a narrative once, in the order it first appears (`first` language
    first), so that chip n means the same placeholder in every language."""
    found: dict[str, None] = {}
    for code in sorted(texts, key=lambda code: code != first):
        for token in ANY_PLACEHOLDER.findall(texts[code] or ""):
            found.setdefault(token)
    return list(found)


def with_chips(texts: dict[str, str], placeholders: list[str]) -> dict[str, str]:
    """The texts with each placeholder replaced by its chip ⟦n⟧ (n counts from 1)."""
    number_of = {token: index + 1 for index, token in enumerate(placeholders)}

    def replace(match: re.Match) -> str:
        token = match.group()
        return chip(number_of[token]) if token in number_of else token

    return {code: ANY_PLACEHOLDER.sub(replace, text or "") for code, text in texts.items()}


def unknown_chips(text: str, count: int) -> list[str]:
    """The chips a text names that the editor did not offer (⟦0⟧, or past the last one)."""
    return sorted({c.group() for c in CHIP.finditer(text) if not 1 <= int(c.group(1)) <= count})


def without_chips(texts: dict[str, str], tokens: list[str | None]) -> dict[str, str]:
    """The texts with chip n replaced by `tokens[n - 1]`, or dropped where that is None."""

    def replace(match: re.Match) -> str:
        index = int(match.group(1)) - 1
        if not 0 <= index < len(tokens):
            return match.group()
        return tokens[index] or ""

    return {code: CHIP.sub(replace, text) for code, text in texts.items()}


def stated_token(key: str, written: str) -> str:
    """The placeholder of a figure stated as written (`[[key|written]]`)."""
    return f"[[{key}|{written}]]"


def bound_token(key: str) -> str:
    """The placeholder of a figure filled from the data (`[[key]]`)."""
    return f"[[{key}]]"


class RendersFigure(Protocol):
    def render(self, language: str | None = None) -> str: ...


def fill(text: str, figures: Mapping[str, RendersFigure], language: str | None = None) -> str:
    """Text with its placeholders filled, as pages, titles and documents print them: a stated
    figure as written, an unknown key and a footnote marker left visible."""
    parts = []
    for token in tokens(text):
        if isinstance(token, Text):
            parts.append(token.text)
        elif isinstance(token, FigureRef):
            if token.stated is not None:
                parts.append(token.stated)
            else:
                figure = figures.get(token.key)
                parts.append(figure.render(language) if figure else f"[[{token.key}]]")
        else:
            parts.append(f"[^{token.key}]")
    return "".join(parts)
