"""Reads of a proposal's translations: each text's status, a language's completeness."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cinterfor.data_version import cached_figure
from cinterfor.wording import Piece as DiffPart
from cinterfor.wording import word_diff
from programme.models import Biennium

from .models import TextTranslation
from .sources import (
    KIND_LABELS,
    SourceText,
    digest,
    source_text,
    source_texts,
    translation_languages,
)


class Status:
    SOURCE = "source"
    MISSING = "missing"
    UP_TO_DATE = "up_to_date"
    OUTDATED = "outdated"


STATUS_LABELS = {
    Status.MISSING: _("Missing"),
    Status.UP_TO_DATE: _("Up to date"),
    Status.OUTDATED: _("Outdated"),
}


@dataclass(frozen=True)
class ResolvedText:
    """What to show for one text in one language: the text, its language and its status.

    A missing translation falls back to the source: `language` then names the source
    language, so a page or a document tags it as such.
    """

    text: str
    language: str
    status: str
    working: bool = False  # an unofficial working translation, not yet reviewed here

    @property
    def is_fallback(self) -> bool:
        return self.status == Status.MISSING


@dataclass(frozen=True)
class TextStatus:
    """One text of the proposal with its translation in one language, for the editors."""

    source: SourceText
    translation: TextTranslation | None
    status: str

    @property
    def key(self) -> str:
        return self.source.key

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.source.kind]

    @property
    def source_changes(self) -> list[DiffPart]:
        """How the source moved since the translation was saved (empty unless outdated)."""
        if self.status != Status.OUTDATED:
            return []
        return word_diff(self.translation.source_text_at_save, self.source.text)


def status_of(source: SourceText, translation: TextTranslation | None) -> str:
    if translation is None:
        return Status.MISSING
    if translation.source_digest == digest(source.text):
        return Status.UP_TO_DATE
    return Status.OUTDATED


def text_statuses(*, biennium: Biennium, language: str) -> list[TextStatus]:
    """Every text of the proposal with its translation into `language`, in document order.

    Seven queries, whatever the size of the proposal.
    """
    sources = source_texts(biennium=biennium)
    translations = {
        t.key: t
        for t in TextTranslation.objects.filter(
            biennium=biennium, language=language
        ).select_related("by")
    }
    return [
        TextStatus(
            source=s, translation=translations.get(key), status=status_of(s, translations.get(key))
        )
        for key, s in sources.items()
    ]


def text_status(*, biennium: Biennium, language: str, key: str) -> TextStatus | None:
    """One text and its translation, or None when the proposal has no such text."""
    source = source_text(biennium=biennium, key=key)
    if source is None:
        return None
    translation = TextTranslation.objects.filter(
        biennium=biennium, language=language, key=key
    ).first()
    return TextStatus(source=source, translation=translation, status=status_of(source, translation))


def texts_in(*, biennium: Biennium, language: str) -> dict[str, ResolvedText]:
    """Every text of the proposal as it reads in `language`: key → (text, its language, status).

    The translation where there is one (its status says whether it is outdated), else the
    source text, marked missing. In the source language every text is the source. For pages and
    the document builder alike; seven queries.
    """
    return {source.key: resolved for source, resolved in _resolved_texts(biennium, language)}


def texts_by_row(
    *, biennium: Biennium, language: str, with_activities: bool = True
) -> dict[tuple, ResolvedText]:
    """As `texts_in`, by the row and field that hold each text: ("paragraph", 12, "text").

    For pages that hold the rows already, so that naming a text needs no parent row; the
    document, which prints no activity, asks without them.
    """
    resolved = _resolved_texts(biennium, language, with_activities=with_activities)
    return {source.ref: text for source, text in resolved}


def _resolved_texts(biennium: Biennium, language: str, *, with_activities: bool = True):
    sources = source_texts(biennium=biennium, with_activities=with_activities)
    source_language = biennium.source_language
    if language == source_language:
        for source in sources.values():
            yield source, ResolvedText(source.text, source_language, Status.SOURCE)
        return
    translations = {
        t.key: t for t in TextTranslation.objects.filter(biennium=biennium, language=language)
    }
    for key, source in sources.items():
        translation = translations.get(key)
        status = status_of(source, translation)
        if translation is None:
            yield source, ResolvedText(source.text, source_language, status)
        else:
            yield source, ResolvedText(translation.text, language, status, translation.working)


@dataclass(frozen=True)
class Completeness:
    """How far one language has come, for one kind of text or the whole proposal."""

    label: str
    total: int
    up_to_date: int
    outdated: int
    missing: int

    @property
    def percent_up_to_date(self) -> int:
        """Whole percent, rounded down: 100 only when every text is up to date."""
        return self.up_to_date * 100 // self.total if self.total else 100


def completeness(statuses: list[TextStatus], label: str) -> Completeness:
    counts = Counter(s.status for s in statuses)
    return Completeness(
        label=label,
        total=len(statuses),
        up_to_date=counts[Status.UP_TO_DATE],
        outdated=counts[Status.OUTDATED],
        missing=counts[Status.MISSING],
    )


def completeness_by_kind(statuses: list[TextStatus]) -> list[Completeness]:
    """One row per kind of text that the proposal has, in a fixed order, then the total."""
    rows = []
    for kind, label in KIND_LABELS.items():
        of_kind = [s for s in statuses if s.source.kind == kind]
        if of_kind:
            rows.append(completeness(of_kind, str(label)))
    return rows


@dataclass(frozen=True)
class LanguageSummary:
    """How far one translation language has come, for the page an export starts from."""

    code: str
    name: str
    completeness: Completeness
    working: int  # texts translated only by an unofficial working file

    @property
    def behind(self) -> int:
        return self.completeness.missing + self.completeness.outdated


def statuses_by_language(
    *, biennium: Biennium, with_activities: bool = True
) -> dict[str, list[TextStatus]]:
    """Each translation language's text statuses, in document order: the sources read once
    and one query for every translation, whatever the number of languages."""
    sources = source_texts(biennium=biennium, with_activities=with_activities)
    by_language: dict[str, dict[str, TextTranslation]] = {}
    for translation in TextTranslation.objects.filter(biennium=biennium).only(
        "key", "language", "source_digest", "working"
    ):
        by_language.setdefault(translation.language, {})[translation.key] = translation
    statuses = {}
    for code, _name in translation_languages(biennium):
        translations = by_language.get(code, {})
        statuses[code] = [
            TextStatus(
                source=s,
                translation=translations.get(key),
                status=status_of(s, translations.get(key)),
            )
            for key, s in sources.items()
        ]
    return statuses


def language_summaries(*, biennium: Biennium) -> list[LanguageSummary]:
    """Each language the proposal may be translated into, with the counts of the texts its
    Governing Body document prints (not the activities, which grow with the data)."""

    def summarise() -> list[LanguageSummary]:
        statuses = statuses_by_language(biennium=biennium, with_activities=False)
        return [
            LanguageSummary(
                code=code,
                name=str(name),
                completeness=completeness(statuses[code], str(name)),
                working=sum(1 for s in statuses[code] if s.translation and s.translation.working),
            )
            for code, name in translation_languages(biennium)
        ]

    # Kept until the texts change (cinterfor.data_version); the names are in the reader's language.
    return cached_figure("language_summaries", (biennium.pk, get_language()), summarise)
