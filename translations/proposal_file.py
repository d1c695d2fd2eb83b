"""The translations a proposal file (budget.exchange) carries beside its narrative.

A narrative in the exchange format may hold every language ({"en": ..., "es": ...}). The
importer keeps the source language in the proposal's rows and hands the file here (the project
names this module in settings.EXCHANGE_TRANSLATIONS, since budget may not import translations);
the exporter asks here for each row's translations, so a file exported and imported again
brings them back.
"""

from django.contrib.auth.base_user import AbstractBaseUser

from budget.exchange import schema
from programme.models import Biennium

from .models import TextTranslation
from .services import translations_from_proposal_file
from .sources import TITLE_BLOCK_FIELDS, digest, source_texts


def _paragraph_texts(place: str, paragraphs: list[schema.Paragraph]):
    for position, paragraph in enumerate(paragraphs, start=1):
        yield f"paragraph:{place}.{position}", paragraph.text
        for footnote in paragraph.footnotes:
            yield f"footnote:{place}.{position}.{footnote.key}", footnote.text


def keyed_narratives(proposal: schema.Proposal):
    """Each narrative of the file with the key (translations.sources) of the text it becomes:
    the importer gives paragraphs, activities and subprogrammes their places in file order."""
    header = proposal.biennium
    for field in TITLE_BLOCK_FIELDS:
        yield f"biennium.{field}", getattr(header, field)
    for section in proposal.sections:
        kind = section.kind.value
        yield f"section:{kind}.title", section.title
        yield f"section:{kind}.subtitle", section.subtitle
        yield from _paragraph_texts(kind, section.paragraphs)
    for line in proposal.lines_of_action:
        yield f"line:{line.letter}.heading", line.heading
        yield from _paragraph_texts(f"line-{line.letter}", line.paragraphs)
        for position, activity in enumerate(line.activities, start=1):
            yield f"activity:{line.letter}.{position}.title", activity.title
            yield f"activity:{line.letter}.{position}.description", activity.description
    for budget in proposal.budgets:
        if budget.years != header.years:
            continue  # another biennium's figures (they have no subprogrammes)
        for position, subprogramme in enumerate(budget.subprogrammes, start=1):
            yield f"subprogramme:{budget.phase.value}.{position}.name", subprogramme.name


def import_translations(
    *, biennium: Biennium, proposal: schema.Proposal, by: AbstractBaseUser, file_name: str
) -> dict[str, int]:
    """Save the file's texts in languages other than the source as up-to-date translations."""
    source = proposal.biennium.source_language
    texts = {
        (key, language): text
        for key, narrative in keyed_narratives(proposal)
        for language, text in narrative.items()
        if language != source and text.strip()
    }
    return translations_from_proposal_file(
        biennium=biennium, texts=texts, by=by, file_name=file_name
    )


def translations_by_row(*, biennium: Biennium) -> dict[tuple, dict[str, str]]:
    """Each text's up-to-date translations, by the row and field holding its source
    (("paragraph", 12, "text"): {"es": ...}); an outdated translation is left out, since a file
    cannot say it is outdated and importing it would make it current."""
    sources = source_texts(biennium=biennium)
    by_row: dict[tuple, dict[str, str]] = {}
    for translation in TextTranslation.objects.filter(biennium=biennium).order_by("language"):
        source = sources.get(translation.key)
        if source is not None and translation.source_digest == digest(source.text):
            by_row.setdefault(source.ref, {})[translation.language] = translation.text
    return by_row
