"""A file's narratives in the proposal's source language, and the translations beside them.

A narrative in a file may carry every language ({"en": ..., "es": ...}); the proposal's rows
keep only the source language, and the other languages are translations, kept by the project's
translations app. The budget app may not import that app (ARCHITECTURE.md): the project names
the module in settings.EXCHANGE_TRANSLATIONS, which offers `import_translations(*, biennium,
proposal, by, file_name)` and `translations_by_row(*, biennium) -> {(model, pk, field): {...}}`.
"""

from importlib import import_module
from types import ModuleType

from django.conf import settings

from . import schema


def translations_module() -> ModuleType | None:
    path = getattr(settings, "EXCHANGE_TRANSLATIONS", "")
    return import_module(path) if path else None


def _only(narrative: dict, language: str) -> dict:
    return {language: narrative[language]} if narrative.get(language) else {}


# The parts of a file that _narratives never walks into.
_WITHOUT_NARRATIVES = ("countries", "institutions", "agreements", "contributions")


def _narratives(proposal: schema.Proposal):
    """Every narrative of the file as (holder, field name)."""
    for name in ("governing_body_session", "segment", "title"):
        yield proposal.biennium, name
    for section in proposal.sections:
        yield section, "title"
        yield section, "subtitle"
        yield from _paragraphs(section.paragraphs)
    for line in proposal.lines_of_action:
        yield line, "heading"
        yield from _paragraphs(line.paragraphs)
        for activity in line.activities:
            yield activity, "title"
            yield activity, "description"
    for budget in proposal.budgets:
        for subprogramme in budget.subprogrammes:
            yield subprogramme, "name"


def _paragraphs(paragraphs):
    for paragraph in paragraphs:
        yield paragraph, "text"
        for footnote in paragraph.footnotes:
            yield footnote, "text"


def carries_translations(proposal: schema.Proposal) -> bool:
    """Whether a narrative of the file has text in a language other than the source."""
    language = proposal.biennium.source_language
    return any(
        code != language and text.strip()
        for holder, name in _narratives(proposal)
        for code, text in getattr(holder, name).items()
    )


def in_source_language(proposal: schema.Proposal) -> schema.Proposal:
    """A copy of the file whose narratives hold the source language only, as the rows keep them."""
    language = proposal.biennium.source_language
    # The register's lists hold no narrative: the copy shares them rather than copy every
    # row (a deep copy of 10,000 contributions took half a second of an import).
    shared = {name: getattr(proposal, name) for name in _WITHOUT_NARRATIVES}
    copy = proposal.model_copy(update=dict.fromkeys(shared, [])).model_copy(deep=True)
    for name, rows in shared.items():
        setattr(copy, name, rows)
    for holder, name in _narratives(copy):
        setattr(holder, name, _only(getattr(holder, name), language))
    return copy
