"""The narrative pages in the interface's language: a translation where there is one, else the
source text, marked (with its language, so screen readers and hyphenation read it right).

The texts of a page's biennium are read once per request (`texts_in`, a fixed number of
queries) whatever the number of texts the page shows. A paragraph's figures and footnote
numbers are those the page already computed for the source text: a translation holds the same
placeholders and markers, so each is looked up by its key in the source's parts.
"""

from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from programme.markup import FootnoteRef, Text, blocks, fill, tokens
from programme.models import Biennium

from ..selectors import ResolvedText, Status, texts_by_row

register = template.Library()


class _ShownStatus:
    """What a page says of a text by its status: a fallback to the source, or outdated."""

    status: str

    @property
    def is_fallback(self) -> bool:
        return self.status == Status.MISSING

    @property
    def is_outdated(self) -> bool:
        return self.status == Status.OUTDATED


@dataclass(frozen=True)
class Shown(_ShownStatus):
    """A text as a page shows it: its words, their language, and whether it is a fallback."""

    text: str
    language: str
    status: str = Status.SOURCE


@dataclass(frozen=True)
class Part:
    """As programme's pages shape a part of a paragraph (kind, text, key, anchor)."""

    kind: str
    text: str
    key: str = ""
    anchor: str = ""


@dataclass
class ShownBlock:
    is_list: bool
    lines: list = field(default_factory=list)


@dataclass(frozen=True)
class ShownParagraphText(_ShownStatus):
    blocks: list
    language: str
    status: str


def _active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _row_of(obj, name: str) -> tuple:
    """The (model, pk, field) that `texts_by_row` names a text by."""
    return (obj._meta.model_name, obj.pk, name)


def _texts(context, biennium: Biennium, language: str) -> dict[tuple, ResolvedText]:
    """The biennium's texts in `language`, read once per request."""
    request = context.get("request")
    cache = request.__dict__.setdefault("_texts_by_row", {}) if request is not None else {}
    if (biennium.pk, language) not in cache:
        cache[(biennium.pk, language)] = texts_by_row(biennium=biennium, language=language)
    return cache[(biennium.pk, language)]


def _resolved(context, obj, name: str) -> ResolvedText | None:
    """The text in the interface's language, or None on a page in the source language."""
    biennium = context.get("biennium")
    language = _active_language()
    if biennium is None or language == biennium.source_language:
        return None
    return _texts(context, biennium, language).get(_row_of(obj, name))


def _figures(context, biennium: Biennium) -> dict:
    request = context.get("request")
    cache = request.__dict__ if request is not None else {}
    if "_translated_figures" not in cache:
        source = getattr(settings, "PROGRAMME_FIGURE_SOURCE", "")
        cache["_translated_figures"] = import_string(source)(biennium) if source else {}
    return cache["_translated_figures"]


def _filled(context, text: str, language: str) -> str:
    """A title's placeholders filled as programme's pages fill them."""
    if "[[" not in text:
        return text
    return fill(text, _figures(context, context["biennium"]), language)


@register.simple_tag(takes_context=True)
def translated_text(context, obj, name: str, shown: str = "") -> Shown:
    """`obj`'s text `name` in the interface's language: {% translated_text line "heading" as t %}.

    `shown` is the text as the page already shows it in the source language (a section's title
    with its figures filled); without it, the source narrative's own text.
    """
    biennium = context.get("biennium")
    source_language = biennium.source_language if biennium else settings.LANGUAGE_CODE
    resolved = _resolved(context, obj, name)
    if resolved is None or resolved.is_fallback:
        text = shown or (getattr(obj, name) or {}).get(source_language, "")
        status = resolved.status if resolved else Status.SOURCE
        return Shown(text=text, language=source_language, status=status)
    return Shown(
        text=_filled(context, resolved.text, resolved.language),
        language=resolved.language,
        status=resolved.status,
    )


@register.simple_tag(takes_context=True)
def translated_paragraph(context, shown) -> ShownParagraphText:
    """A paragraph as programme's page shows it (`shown`), in the interface's language."""
    biennium = context.get("biennium")
    source_language = biennium.source_language if biennium else settings.LANGUAGE_CODE
    resolved = _resolved(context, shown.paragraph, "text")
    if resolved is None or resolved.is_fallback:
        status = resolved.status if resolved else Status.SOURCE
        return ShownParagraphText(shown.blocks, source_language, status)
    codes = {
        (part.kind in ("figure", "stated", "unknown"), part.key): part
        for block in shown.blocks
        for line in block.lines
        for part in line
        if part.kind != "text"
    }
    result: list[ShownBlock] = []
    for block in blocks(resolved.text):
        parts = []
        for token in tokens(block.text):
            if isinstance(token, Text):
                parts.append(Part("text", token.text))
            elif isinstance(token, FootnoteRef):
                parts.append(codes.get((False, token.key)) or Part("text", f"[^{token.key}]"))
            else:
                fallback = Part("unknown", f"[[{token.key}]]", token.key)
                parts.append(codes.get((True, token.key), fallback))
        if block.is_bullet and result and result[-1].is_list:
            result[-1].lines.append(parts)
        else:
            result.append(ShownBlock(is_list=block.is_bullet, lines=[parts]))
    return ShownParagraphText(result, resolved.language, resolved.status)
