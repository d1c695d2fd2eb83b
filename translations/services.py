"""Saving a translation: by an editor of a draft proposal, keeping the source's codes exactly."""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.roles import require_role
from programme.models import Biennium
from programme.services import ANY_FOOTNOTE_MARKER, ANY_PLACEHOLDER, EDITORS, lock_for_edit

from .models import TextTranslation
from .sources import SourceText, digest, source_texts, translation_languages


class SourceChanged(ValidationError):
    """The source text moved on after the translator read it: review it before saving."""


def codes(text: str) -> Counter:
    """The placeholders and footnote markers of a text, malformed ones included, with counts."""
    return Counter(ANY_PLACEHOLDER.findall(text)) + Counter(
        f"[^{key}]" for key in ANY_FOOTNOTE_MARKER.findall(text)
    )


def code_problems(*, source: str, translation: str) -> list[str]:
    """Why a translation may not be saved: each placeholder and footnote marker of the source,
    exactly as many times, and no other (figures and notes come from the data, not the text)."""
    before, after = codes(source), codes(translation)
    problems = []
    if missing := sorted((before - after).elements()):
        problems.append(
            str(_("The translation must keep %(codes)s exactly as the source has them."))
            % {"codes": ", ".join(missing)}
        )
    if added := sorted((after - before).elements()):
        problems.append(
            str(
                _("The translation may not add or change %(codes)s: the source does not have them.")
            )
            % {"codes": ", ".join(added)}
        )
    return problems


def check_language(biennium: Biennium, language: str) -> None:
    if language not in dict(translation_languages(biennium)):
        raise ValidationError(
            _("%(language)s is not a language the %(label)s proposal is translated into.")
            % {"language": language, "label": biennium.label}
        )


def _write(
    *,
    biennium: Biennium,
    source: SourceText,
    language: str,
    text: str,
    by: AbstractBaseUser,
    seen_version: int,
    reason: str,
) -> TextTranslation:
    """Save one translation (the biennium is locked by the caller); 0 as `seen_version` means
    the editor saw no translation yet."""
    current = (
        TextTranslation.objects.select_for_update()
        .filter(biennium=biennium, key=source.key, language=language)
        .first()
    )
    if (current.version if current else 0) != seen_version:
        raise ConcurrentEdit()
    translation = current or TextTranslation(biennium=biennium, key=source.key, language=language)
    translation.text = text
    translation.source_digest = digest(source.text)
    translation.source_text_at_save = source.text
    translation.by = by
    translation.at = timezone.now()
    translation.working = False  # saved by an editor here: no longer the unreviewed file's
    translation.version = seen_version + 1
    translation.full_clean()
    translation._history_user = by
    translation._change_reason = reason
    translation.save()
    return translation


def translation_save(
    *,
    biennium: Biennium,
    key: str,
    language: str,
    text: str,
    by: AbstractBaseUser,
    seen_version: int,
    seen_source_digest: str,
) -> TextTranslation:
    """Save the translation of one text into `language`.

    Programme staff and managers, in a draft proposal (as for the source text: a submitted
    proposal is read-only in every language until a manager reopens it). Refused when the source
    changed since the editor read it (`seen_source_digest`), when someone saved this translation
    after `seen_version` (ConcurrentEdit), or when a placeholder or footnote marker is not kept.
    """
    require_role(by, *EDITORS)
    text = text.strip()
    with transaction.atomic():
        locked = lock_for_edit(biennium)
        check_language(locked, language)
        source = source_texts(biennium=locked).get(key)
        if source is None:
            raise ValidationError(_("The proposal has no text %(key)s.") % {"key": key})
        if digest(source.text) != seen_source_digest:
            raise SourceChanged(
                _(
                    "The source text changed while you were translating it. Your translation "
                    "was not saved: read what changed, then save it again."
                )
            )
        if not text:
            raise ValidationError({"text": _("Write the translation.")})
        if problems := code_problems(source=source.text, translation=text):
            raise ValidationError({"text": problems})
        return _write(
            biennium=locked,
            source=source,
            language=language,
            text=text,
            by=by,
            seen_version=seen_version,
            reason=str(_("Edited")),
        )


@dataclass
class UnitOutcome:
    """What an import did, or would do, with one unit of the file."""

    key: str
    outcome: str  # one of the constants below
    message: str = ""

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


APPLIED, UNCHANGED, EMPTY, SOURCE_CHANGED, CONFLICT, REFUSED, UNKNOWN = (
    "applied",
    "unchanged",
    "empty",
    "source_changed",
    "conflict",
    "refused",
    "unknown",
)
OUTCOME_LABELS = {
    APPLIED: _("Saved"),
    UNCHANGED: _("Unchanged"),
    EMPTY: _("Not translated"),
    SOURCE_CHANGED: _("Source changed"),
    CONFLICT: _("Changed here since"),
    REFUSED: _("Refused"),
    UNKNOWN: _("Unknown text"),
}
# Outcomes that stop the whole import: the file must be corrected first.
ERRORS = (REFUSED, UNKNOWN)


@dataclass(frozen=True)
class ImportedUnit:
    """One unit as a file brings it back: the text's key, the translation, and what the
    translator started from (the source's digest, the translation's version at export)."""

    key: str
    text: str
    source_digest: str
    exported_version: int | None
    working: bool = False  # the file declares itself an unofficial working translation


@dataclass
class ImportResult:
    outcomes: list[UnitOutcome]
    saved: bool

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def has_errors(self) -> bool:
        return any(o.outcome in ERRORS for o in self.outcomes)


def translations_import(
    *,
    biennium: Biennium,
    language: str,
    units: list[ImportedUnit],
    by: AbstractBaseUser,
    file_name: str,
    dry_run: bool = False,
) -> ImportResult:
    """Check every unit of a translator's file, then save all of them or none.

    A unit whose placeholders or footnote markers differ from the source, or whose key the
    proposal does not have, stops the import (nothing is saved). A unit whose source changed
    since the export, or whose translation someone else changed since, is reported and left
    for an editor; the rest are saved. With `dry_run`, the same report and nothing saved.
    """
    require_role(by, *EDITORS)
    with transaction.atomic():
        locked = lock_for_edit(biennium)
        check_language(locked, language)
        sources = source_texts(biennium=locked)
        current = {
            t.key: t
            for t in TextTranslation.objects.select_for_update().filter(
                biennium=locked, language=language
            )
        }
        outcomes = [_check_unit(unit, sources, current) for unit in units]
        if dry_run or any(o.outcome in ERRORS for o in outcomes):
            return ImportResult(outcomes=outcomes, saved=False)
        reason = (str(_("Imported from %(file)s")) % {"file": file_name})[:100]
        _save_imported(
            biennium=locked,
            language=language,
            units=[u for u, o in zip(units, outcomes, strict=True) if o.outcome == APPLIED],
            sources=sources,
            current=current,
            by=by,
            reason=reason,
        )
    return ImportResult(outcomes=outcomes, saved=True)


def _save_imported(
    *,
    biennium: Biennium,
    language: str,
    units: list[ImportedUnit],
    sources: dict[str, SourceText],
    current: dict[str, TextTranslation],
    by: AbstractBaseUser,
    reason: str,
) -> None:
    """Save the checked units in bulk, with their history rows (the rows are locked)."""
    now = timezone.now()
    created, changed = [], []
    for unit in units:
        source = sources[unit.key]
        translation = current.get(unit.key)
        if translation is None:
            translation = TextTranslation(biennium=biennium, key=unit.key, language=language)
            created.append(translation)
        else:
            translation.version += 1
            changed.append(translation)
        translation.text = unit.text.strip()
        translation.source_digest = digest(source.text)
        translation.source_text_at_save = source.text
        translation.working = unit.working
        translation.by, translation.at = by, now
    _bulk_save(created=created, changed=changed, by=by, reason=reason)


def _bulk_save(
    *,
    created: list[TextTranslation],
    changed: list[TextTranslation],
    by: AbstractBaseUser,
    reason: str,
) -> None:
    """Write new and changed translations in bulk, each with its history row."""
    history = {"default_user": by, "default_change_reason": reason}
    bulk_create_with_history(created, TextTranslation, **history)
    bulk_update_with_history(
        changed,
        TextTranslation,
        ["text", "source_digest", "source_text_at_save", "working", "by", "at", "version"],
        **history,
    )


def _check_unit(
    unit: ImportedUnit, sources: dict[str, SourceText], current: dict[str, TextTranslation]
) -> UnitOutcome:
    source = sources.get(unit.key)
    if source is None:
        return UnitOutcome(unit.key, UNKNOWN, str(_("The proposal has no such text.")))
    text = unit.text.strip()
    if not text:
        return UnitOutcome(unit.key, EMPTY, str(_("Not translated in the file; left as it was.")))
    if problems := code_problems(source=source.text, translation=text):
        return UnitOutcome(unit.key, REFUSED, " ".join(problems))
    if unit.source_digest != digest(source.text):
        return UnitOutcome(
            unit.key,
            SOURCE_CHANGED,
            str(_("The source text changed since the export: review it in the application.")),
        )
    translation = current.get(unit.key)
    if (
        translation is not None
        and translation.text == text
        and translation.source_digest == unit.source_digest
    ):
        return UnitOutcome(unit.key, UNCHANGED)
    if (
        translation is not None
        and unit.exported_version is not None
        and unit.exported_version != translation.version
    ):
        return UnitOutcome(
            unit.key,
            CONFLICT,
            str(
                _("Someone saved this translation after the export; compare it in the application.")
            ),
        )
    return UnitOutcome(unit.key, APPLIED)


def translations_from_proposal_file(
    *,
    biennium: Biennium,
    texts: dict[tuple[str, str], str],
    by: AbstractBaseUser,
    file_name: str,
) -> dict[str, int]:
    """Save the translations a proposal file carries beside its narrative, `texts` by (key,
    language), in bulk with their history ("Imported from <file>"), each up to date against the
    source text the same import has just written.

    The proposal importer calls it in its transaction, the biennium's row locked (it imports
    drafts only, as whoever runs it). Nothing is saved when a translation does not keep its
    source's placeholders and footnote markers, or translates no text of the proposal.
    Returns how many translations were created, updated and left unchanged.
    """
    sources = source_texts(biennium=biennium)
    languages = dict(translation_languages(biennium))
    problems = []
    for (key, language), text in texts.items():
        source = sources.get(key)
        if source is None or language not in languages:
            problems.append(
                _("%(key)s (%(language)s): the proposal has no such text to translate.")
                % {"key": key, "language": language}
            )
            continue
        for problem in code_problems(source=source.text, translation=text.strip()):
            problems.append(f"{key} ({language}): {problem}")
    if problems:
        raise ValidationError(problems)
    current = {
        (t.key, t.language): t
        for t in TextTranslation.objects.select_for_update().filter(
            biennium=biennium, language__in=list(languages)
        )
    }
    now = timezone.now()
    created, changed = [], []
    for (key, language), text in texts.items():
        text, source = text.strip(), sources[key]
        translation = current.get((key, language))
        if translation is None:
            translation = TextTranslation(biennium=biennium, key=key, language=language)
            created.append(translation)
        elif translation.text == text and translation.source_digest == digest(source.text):
            continue  # as the file has it, against the same source: unchanged
        else:
            translation.version += 1
            changed.append(translation)
        translation.text = text
        translation.source_digest = digest(source.text)
        translation.source_text_at_save = source.text
        translation.working = False
        translation.by, translation.at = by, now
    reason = (str(_("Imported from %(file)s")) % {"file": file_name})[:100]
    _bulk_save(created=created, changed=changed, by=by, reason=reason)
    return {
        "created": len(created),
        "updated": len(changed),
        "unchanged": len(texts) - len(created) - len(changed),
    }
