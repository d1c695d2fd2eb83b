"""Links from a text's edit page to its translations: {% translation_links biennium row %}."""

from django import template
from django.urls import reverse

from programme.models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section

from ..sources import (
    activity_key,
    footnote_key,
    line_key,
    paragraph_key,
    section_key,
    translation_languages,
)

register = template.Library()


def _key(row, field: str) -> str | None:
    if isinstance(row, Biennium):
        return f"biennium.{field}"
    if isinstance(row, Section):
        return section_key(row, field)
    if isinstance(row, Activity):
        return activity_key(row, field)
    if isinstance(row, Paragraph):
        return paragraph_key(row)
    if isinstance(row, Footnote):
        return footnote_key(row)
    if isinstance(row, LineOfAction):
        return line_key(row)
    return None


@register.inclusion_tag("translations/_links.html")
def translation_links(biennium: Biennium, row, field: str = "title") -> dict:
    """Links to the translation of the row's text (its `field`, for a row of several texts)
    into each language the proposal is translated into; none for a row not saved yet."""
    key = _key(row, field) if row is not None and row.pk else None
    if key is None:
        return {"links": []}
    return {
        "links": [
            (
                name,
                reverse(
                    "translations:edit",
                    kwargs={"years": biennium.slug, "language": code, "key": key},
                ),
            )
            for code, name in translation_languages(biennium)
        ]
    }
