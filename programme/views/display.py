"""Paragraph text as the pages show it: figures filled in, placeholders and footnotes marked.

The templates render these parts; nothing here writes HTML, so every text stays escaped.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from cinterfor.narrative import SOURCE_LANGUAGE, narrative_text

from ..editor_figures import FigureChip, figure_chips
from ..markup import FigureRef, FootnoteRef, Text, blocks, fill, tokens
from ..models import Biennium, Footnote, Paragraph
from ..selectors import DocumentNumbers
from ..services import ANY_PLACEHOLDER


class Figure(Protocol):
    def render(self, language: str | None = None) -> str: ...


def figures_for_pages(biennium: Biennium) -> Mapping[str, Figure]:
    """The figures placeholders bind, from the source the project names in its settings.

    The programme app sits below budget (ARCHITECTURE.md) and may not import it, so the
    project wires `budget.figures.figures_for` in as PROGRAMME_FIGURE_SOURCE. Without that
    setting no figure is known and each placeholder shows its key.
    """
    source = getattr(settings, "PROGRAMME_FIGURE_SOURCE", "")
    return import_string(source)(biennium) if source else {}


@dataclass(frozen=True)
class Part:
    """A run of text, a figure ("figure", "stated", or "unknown" when the data lacks it), or a
    footnote marker."""

    kind: str
    text: str
    key: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Block:
    """Prose (one line of parts) or a bulleted list (one line per bullet)."""

    is_list: bool
    lines: list[list[Part]]


@dataclass(frozen=True)
class ShownFootnote:
    footnote: Footnote
    number: int | None
    anchor: str


@dataclass(frozen=True)
class ShownParagraph:
    paragraph: Paragraph
    number: int | None
    blocks: list[Block]
    footnotes: list[ShownFootnote]


def _anchor(paragraph: Paragraph, key: str) -> str:
    return f"footnote-{paragraph.pk}-{key}"


def _parts(
    text: str,
    paragraph: Paragraph,
    figures: Mapping[str, Figure],
    numbers: DocumentNumbers,
    language: str,
) -> list[Part]:
    parts = []
    for token in tokens(text):
        if isinstance(token, Text):
            parts.append(Part("text", token.text))
        elif isinstance(token, FigureRef):
            if token.stated is not None:
                parts.append(Part("stated", token.stated, token.key))
            elif token.key in figures:
                parts.append(Part("figure", figures[token.key].render(language), token.key))
            else:
                parts.append(Part("unknown", f"[[{token.key}]]", token.key))
        elif isinstance(token, FootnoteRef):
            number = numbers.footnotes.get((paragraph.pk, token.key))
            shown = str(number) if number else f"[^{token.key}]"
            parts.append(Part("footnote", shown, token.key, _anchor(paragraph, token.key)))
    return parts


def show_paragraph(
    paragraph: Paragraph, *, figures: Mapping[str, Figure], numbers: DocumentNumbers
) -> ShownParagraph:
    """One paragraph in the active language, its number and its footnotes (prefetched)."""
    language = (get_language() or SOURCE_LANGUAGE).split("-")[0]
    shown: list[Block] = []
    for block in blocks(narrative_text(paragraph.text, language)):
        parts = _parts(block.text, paragraph, figures, numbers, language)
        if block.is_bullet and shown and shown[-1].is_list:
            shown[-1].lines.append(parts)
        else:
            shown.append(Block(is_list=block.is_bullet, lines=[parts]))
    footnotes = [
        ShownFootnote(
            footnote,
            numbers.footnotes.get((paragraph.pk, footnote.key)),
            _anchor(paragraph, footnote.key),
        )
        for footnote in paragraph.footnotes.all()
    ]
    return ShownParagraph(paragraph, numbers.paragraphs.get(paragraph.pk), shown, footnotes)


def show_title(value: dict | None, *, figures: Mapping[str, Figure]) -> str:
    """A title or heading in the active language, its placeholders filled as a paragraph's are.

    A stated figure prints as written; an unknown key stays visible, as in a paragraph.
    """
    language = (get_language() or SOURCE_LANGUAGE).split("-")[0]
    return fill(narrative_text(value or {}, language), figures, language)


def placeholder_chips(paragraph: Paragraph, *, figures: Mapping[str, Figure]) -> list[FigureChip]:
    """The placeholders of a paragraph's English text, once each, in the order they appear,
    as the editor's chips show them (its label, and what it prints now)."""
    language = (get_language() or SOURCE_LANGUAGE).split("-")[0]
    found = ANY_PLACEHOLDER.findall(narrative_text(paragraph.text, SOURCE_LANGUAGE))
    return figure_chips(list(dict.fromkeys(found)), figures, language)
