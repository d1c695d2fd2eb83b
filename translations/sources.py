"""The texts of a proposal that can be translated, each named by a key that survives a copy.

A key names a text by its place in the proposal, never by a database id: ``biennium.title``,
``section:introduction.title``, ``line:a.heading``, ``paragraph:introduction.3`` (the third
paragraph of the introduction), ``paragraph:line-a.2``, ``footnote:line-a.2.ilo-2019`` (a
footnote by its paragraph and its key), ``activity:a.1.title``, ``subprogramme:proposed.2.name``.
Starting the next biennium and re-importing a proposal keep these places, so a translation
follows its text; if a place is given to another text, the digest shows the translation
outdated rather than silently attaching it.
"""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from budget.models import Subprogramme
from programme.models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section


class Kind:
    TITLE_BLOCK = "title_block"
    SECTION = "section"
    LINE = "line"
    PARAGRAPH = "paragraph"
    FOOTNOTE = "footnote"
    ACTIVITY = "activity"
    SUBPROGRAMME = "subprogramme"


KIND_LABELS = {
    Kind.TITLE_BLOCK: _("Title block"),
    Kind.SECTION: _("Section titles"),
    Kind.LINE: _("Lines of action"),
    Kind.PARAGRAPH: _("Paragraphs"),
    Kind.FOOTNOTE: _("Footnotes"),
    Kind.ACTIVITY: _("Activities"),
    Kind.SUBPROGRAMME: _("Subprogrammes"),
}

TITLE_BLOCK_FIELDS = ("governing_body_session", "segment", "title")


@dataclass(frozen=True)
class SourceText:
    """One text in the biennium's source language, where it sits and what it says."""

    key: str
    kind: str
    text: str
    # The other languages the narrative itself holds (before translations had their own home).
    narrative: dict
    # The row and field holding it, for pages that hold the row: ("paragraph", 12, "text").
    ref: tuple = ()


def translation_languages(biennium: Biennium) -> list[tuple[str, str]]:
    """The site's languages other than the one the proposal is drafted in."""
    return [(c, n) for c, n in settings.LANGUAGES if c != biennium.source_language]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def paragraph_place(paragraph: Paragraph) -> str:
    """``introduction.3`` or ``line-a.2``: the paragraph's parent and its position there."""
    if paragraph.section_id:
        return f"{paragraph.section.kind}.{paragraph.position}"
    return f"line-{paragraph.line_of_action.letter}.{paragraph.position}"


def paragraph_key(paragraph: Paragraph) -> str:
    return f"paragraph:{paragraph_place(paragraph)}"


def footnote_key(footnote: Footnote) -> str:
    return f"footnote:{paragraph_place(footnote.paragraph)}.{footnote.key}"


def section_key(section: Section, field: str) -> str:
    return f"section:{section.kind}.{field}"


def line_key(line: LineOfAction) -> str:
    return f"line:{line.letter}.heading"


def activity_key(activity: Activity, field: str) -> str:
    return _activity_key(activity.line_of_action.letter, activity.position, field)


def _activity_key(letter: str, position: int, field: str) -> str:
    return f"activity:{letter}.{position}.{field}"


def subprogramme_key(subprogramme: Subprogramme) -> str:
    return f"subprogramme:{subprogramme.budget.phase}.{subprogramme.position}.name"


def _source_text(
    key: str, kind: str, narrative: dict | None, ref: tuple, *, language: str
) -> SourceText | None:
    """The text a narrative holds in the source language, or None when it holds none."""
    narrative = narrative or {}
    text = (narrative.get(language) or "").strip()
    return SourceText(key=key, kind=kind, text=text, narrative=narrative, ref=ref) if text else None


ACTIVITY_KEY = re.compile(
    r"activity:(?P<letter>[a-z])\.(?P<position>\d+)\.(?P<field>title|description)"
)


def source_text(*, biennium: Biennium, key: str) -> SourceText | None:
    """One text of the proposal by its key, or None when the proposal has no such text.

    An activity's text is read from that activity alone: activities grow with the data, the
    rest of the proposal does not (five queries for it all).
    """
    if not key.startswith("activity:"):
        return source_texts(biennium=biennium, with_activities=False).get(key)
    match = ACTIVITY_KEY.fullmatch(key)
    if match is None:
        return None
    field = match["field"]
    row = (
        Activity.objects.filter(
            line_of_action__biennium=biennium,
            line_of_action__letter=match["letter"],
            position=int(match["position"]),
        )
        .values_list("pk", field)
        .first()
    )
    if row is None:
        return None
    pk, narrative = row
    return _source_text(
        key, Kind.ACTIVITY, narrative, ("activity", pk, field), language=biennium.source_language
    )


def source_texts(*, biennium: Biennium, with_activities: bool = True) -> dict[str, SourceText]:
    """Every non-empty text of the proposal in its source language, in document order.

    Six queries, whatever the size of the proposal. Without activities (which the Governing
    Body document does not print, and which grow with the data), five.
    """
    language = biennium.source_language
    texts: dict[str, SourceText] = {}

    def add(key: str, kind: str, narrative: dict | None, ref: tuple = ()) -> None:
        if source := _source_text(key, kind, narrative, ref, language=language):
            texts[key] = source

    for field in TITLE_BLOCK_FIELDS:
        add(
            f"biennium.{field}",
            Kind.TITLE_BLOCK,
            getattr(biennium, field),
            ("biennium", biennium.pk, field),
        )
    for section in biennium.sections.order_by("position"):
        add(
            section_key(section, "title"),
            Kind.SECTION,
            section.title,
            ("section", section.pk, "title"),
        )
        add(
            section_key(section, "subtitle"),
            Kind.SECTION,
            section.subtitle,
            ("section", section.pk, "subtitle"),
        )
    for line in biennium.lines.order_by("letter"):
        add(line_key(line), Kind.LINE, line.heading, ("lineofaction", line.pk, "heading"))
    paragraphs = (
        Paragraph.objects.filter(section__biennium=biennium)
        | Paragraph.objects.filter(line_of_action__biennium=biennium)
    ).select_related("section", "line_of_action")
    for paragraph in sorted(paragraphs, key=_paragraph_order):
        add(
            paragraph_key(paragraph),
            Kind.PARAGRAPH,
            paragraph.text,
            ("paragraph", paragraph.pk, "text"),
        )
    footnotes = (
        Footnote.objects.filter(paragraph__section__biennium=biennium)
        | Footnote.objects.filter(paragraph__line_of_action__biennium=biennium)
    ).select_related("paragraph__section", "paragraph__line_of_action")
    for footnote in sorted(footnotes, key=lambda f: (_paragraph_order(f.paragraph), f.pk)):
        add(footnote_key(footnote), Kind.FOOTNOTE, footnote.text, ("footnote", footnote.pk, "text"))
    # Plain rows: activities grow with the data, and building each model instance (with its
    # line) was most of the cost of listing every text.
    activities = (
        Activity.objects.filter(line_of_action__biennium=biennium)
        .order_by("line_of_action__letter", "position")
        .values_list("pk", "line_of_action__letter", "position", "title", "description")
    )
    for pk, letter, position, title, description in activities if with_activities else ():
        for field, narrative in (("title", title), ("description", description)):
            add(
                _activity_key(letter, position, field),
                Kind.ACTIVITY,
                narrative,
                ("activity", pk, field),
            )
    subprogrammes = (
        Subprogramme.objects.filter(budget__biennium=biennium)
        .select_related("budget")
        .order_by("budget__phase", "position")
    )
    for subprogramme in subprogrammes:
        add(
            subprogramme_key(subprogramme),
            Kind.SUBPROGRAMME,
            subprogramme.name,
            ("subprogramme", subprogramme.pk, "name"),
        )
    return texts


def _paragraph_order(paragraph: Paragraph) -> tuple:
    # Sections first in their document order, then the lines of action by letter.
    if paragraph.section_id:
        return (0, paragraph.section.position, "", paragraph.position)
    return (1, 0, paragraph.line_of_action.letter, paragraph.position)
