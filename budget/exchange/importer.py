"""Import one proposal file in one transaction: all of it, or nothing.

Over a stored draft, rows are updated in place by their natural keys (budget.exchange.stored),
so ids, addresses and history carry on; each kind of row is written in bulk.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from cinterfor.roles import MANAGERS, require_role
from programme.models import Biennium
from programme.numbering import keep_paragraph_numbers

from . import schema
from .errors import Problem, ProposalFileError
from .languages import carries_translations, in_source_language, translations_module
from .reading import parse_proposal, read_proposal
from .references import years_of
from .rows import Tally, delete_rows
from .stored import load_stored, lost_rows, wanted_keys
from .write_budgets import write_budgets, write_contributions
from .write_members import write_members
from .write_narrative import write_narrative

__all__ = ["ImportResult", "import_proposal", "parse_proposal", "read_proposal"]

HEADER_FIELDS = [
    "governing_body_session",
    "document_symbol",
    "document_date",
    "purpose",
    "segment",
    "title",
    "reported_member_institutions",
    "reported_member_countries",
    "reported_agreements_signed",
]


@dataclass(frozen=True)
class ImportResult:
    biennium: Biennium
    created: bool
    skipped: bool = False
    tally: Tally = field(default_factory=Tally)


def import_proposal(
    proposal: schema.Proposal,
    *,
    by,
    replace: bool = False,
    if_absent: bool = False,
    discard: bool = False,
    file_name: str = "",
) -> ImportResult:
    """Write a validated proposal as `by`; a stored biennium is kept unless `replace` is given.

    The rows keep each narrative in the proposal's source language; the file's other languages
    are saved as translations (settings.EXCHANGE_TRANSLATIONS), up to date against it.
    A file holds a whole proposal, its narrative and its money, so only a manager imports one.
    """
    require_role(by, MANAGERS)
    start, _end = years_of(proposal.biennium.years)
    translated = carries_translations(proposal)
    translations = translations_module() if translated else None
    if translated and translations is None:
        raise ProposalFileError(
            [Problem("", "the file carries translations, and no module is set to keep them.")]
        )
    written = in_source_language(proposal)
    try:
        with transaction.atomic():
            existing = Biennium.objects.select_for_update().filter(start_year=start).first()
            if existing and if_absent:
                return ImportResult(existing, created=False, skipped=True)
            _check_replace(existing, replace=replace)
            _check_source_language(existing, proposal.biennium.source_language)
            stored = load_stored(existing)
            lost = lost_rows(stored, wanted_keys(proposal, start_year=start))
            if lost and not discard:
                raise ProposalFileError(
                    [
                        Problem(
                            "",
                            f"the file no longer has {len(lost)} record(s) of {existing.label};"
                            " import with --discard to delete them:",
                        ),
                        *(Problem("", f"  {item.description}") for item in lost),
                    ]
                )
            if existing:  # the file may add, delete or move paragraphs
                keep_paragraph_numbers(biennium=existing)
            tally = Tally()
            for item in lost:
                getattr(stored, item.attribute).pop(item.key)
                delete_rows(rows=[item.row], kind=item.kind, by=by, tally=tally)
            biennium = _write_biennium(written, existing, by=by, tally=tally)
            institutions = write_members(written, by=by, tally=tally)
            write_narrative(
                written,
                biennium=biennium,
                stored=stored,
                institutions=institutions,
                by=by,
                tally=tally,
            )
            write_budgets(written, biennium=biennium, stored=stored, by=by, tally=tally)
            write_contributions(
                written, biennium=biennium, institutions=institutions, by=by, tally=tally
            )
            if translations is not None:
                counts = translations.import_translations(
                    biennium=biennium,
                    proposal=proposal,
                    by=by,
                    file_name=file_name or "a proposal file",
                )
                tally.add("translations", **counts)
    except ValidationError as error:  # a translation the translations app refuses
        raise ProposalFileError([Problem("", message) for message in error.messages]) from error
    except IntegrityError as error:
        raise ProposalFileError([Problem("", f"the database refused the file: {error}")]) from error
    except DatabaseError as error:
        raise ProposalFileError([Problem("", f"the database failed: {error}")]) from error
    return ImportResult(biennium, created=existing is None, tally=tally)


def _check_replace(existing: Biennium | None, *, replace: bool) -> None:
    if existing and not replace:
        raise ProposalFileError(
            [Problem("biennium.years", f"{existing.label} exists; import with --replace.")]
        )
    if existing and existing.is_locked:
        raise ProposalFileError(
            [Problem("biennium.years", f"{existing.label} is {existing.status}; it is read-only.")]
        )


def _check_source_language(existing: Biennium | None, language: str) -> None:
    if existing and existing.source_language != language:
        raise ProposalFileError(
            [
                Problem(
                    "biennium.source_language",
                    f"{existing.label} is drafted in {existing.source_language!r}, the file in"
                    f" {language!r}; its translations would no longer match their source.",
                )
            ]
        )


def _write_biennium(proposal, existing: Biennium | None, *, by, tally: Tally) -> Biennium:
    header = proposal.biennium
    start, end = years_of(header.years)
    values = {
        "governing_body_session": header.governing_body_session,
        "document_symbol": header.document_symbol,
        "document_date": header.document_date,
        "purpose": header.purpose,
        "segment": header.segment,
        "title": header.title,
        "reported_member_institutions": header.network.member_institutions,
        "reported_member_countries": header.network.countries,
        "reported_agreements_signed": header.network.agreements_signed,
    }
    if existing is None:
        biennium = Biennium(
            start_year=start, end_year=end, source_language=header.source_language, **values
        )
        biennium._history_user = by
        biennium.save()
        tally.add("bienniums", created=1)
        return biennium
    changed = [name for name in HEADER_FIELDS if getattr(existing, name) != values[name]]
    if not changed:
        tally.add("bienniums", unchanged=1)
        return existing
    for name in changed:
        setattr(existing, name, values[name])
    existing.version += 1
    existing._history_user = by
    existing.save(update_fields=[*changed, "version"])
    tally.add("bienniums", updated=1)
    return existing
