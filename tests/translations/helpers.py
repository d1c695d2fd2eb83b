"""Helpers that make the translation tests read as sentences."""

from programme.models import Paragraph
from translations.sources import digest, paragraph_key, source_texts


def paragraph_saying(biennium, words: str) -> Paragraph:
    """The one paragraph of the biennium whose English text holds `words`."""
    found = [
        p
        for p in Paragraph.objects.filter(section__biennium=biennium).select_related("section")
        if words in p.text.get("en", "")
    ] + [
        p
        for p in Paragraph.objects.filter(line_of_action__biennium=biennium).select_related(
            "line_of_action"
        )
        if words in p.text.get("en", "")
    ]
    assert len(found) == 1, words
    return found[0]


def key_and_digest(biennium, paragraph: Paragraph) -> tuple[str, str]:
    key = paragraph_key(paragraph)
    return key, digest(source_texts(biennium=biennium)[key].text)


def translated_keeping_codes(source: str, words: str = "Texto traducido") -> str:
    """A 'translation' that keeps every placeholder and marker of `source`, in order."""
    from programme.markup import TOKEN

    return " ".join([words, *(m.group() for m in TOKEN.finditer(source))])
