"""Import one proposal file in one transaction: all of it, or nothing."""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction
from pydantic import ValidationError as SchemaError
from simple_history.utils import bulk_create_with_history

from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section

from ..models import Budget, Contribution, IncomeEstimate, Subprogramme
from . import schema
from .errors import Problem, ProposalFileError, dotted
from .references import check_references, years_of


@dataclass(frozen=True)
class ImportResult:
    biennium: Biennium
    created: bool
    skipped: bool = False


def read_proposal(path: Path) -> schema.Proposal:
    """Parse and validate a file; ProposalFileError names every field that is wrong."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProposalFileError([Problem("", f"cannot read {path}: {error}")]) from error
    return parse_proposal(raw)


def parse_proposal(raw: str) -> schema.Proposal:
    try:
        # Decimal for every JSON number with a fraction: money never passes through float.
        data = json.loads(raw, parse_float=Decimal)
    except json.JSONDecodeError as error:
        problem = Problem(f"line {error.lineno}, column {error.colno}", f"not JSON: {error.msg}")
        raise ProposalFileError([problem]) from error
    try:
        proposal = schema.Proposal.model_validate(data)
    except SchemaError as error:
        problems = [Problem(dotted(e["loc"]), e["msg"]) for e in error.errors()]
        raise ProposalFileError(problems) from error
    problems = check_references(proposal)
    if problems:
        raise ProposalFileError(problems)
    return proposal


def import_proposal(
    proposal: schema.Proposal, *, replace: bool = False, if_absent: bool = False
) -> ImportResult:
    """Write a validated proposal; a biennium that exists is kept unless `replace` is given."""
    start, end = years_of(proposal.biennium.years)
    try:
        with transaction.atomic():
            existing = Biennium.objects.select_for_update().filter(start_year=start).first()
            if existing and if_absent:
                return ImportResult(existing, created=False, skipped=True)
            if existing and not replace:
                raise ProposalFileError(
                    [Problem("biennium.years", f"{existing.label} exists; import with --replace.")]
                )
            if existing and existing.is_locked:
                raise ProposalFileError(
                    [
                        Problem(
                            "biennium.years",
                            f"{existing.label} is {existing.status}; it is read-only.",
                        )
                    ]
                )
            biennium = _write_biennium(proposal, existing, start, end)
            institutions = _write_members(proposal)
            _write_narrative(proposal, biennium, institutions)
            _write_budgets(proposal, biennium)
            _write_contributions(proposal, biennium, institutions)
    except IntegrityError as error:
        raise ProposalFileError([Problem("", f"the database refused the file: {error}")]) from error
    except DatabaseError as error:
        raise ProposalFileError([Problem("", f"the database failed: {error}")]) from error
    return ImportResult(biennium, created=existing is None)


def _write_biennium(proposal, existing, start, end) -> Biennium:
    header = proposal.biennium
    biennium = existing or Biennium(start_year=start, end_year=end)
    if existing:
        existing.sections.all().delete()
        existing.lines.all().delete()
        existing.budgets.all().delete()
        existing.contributions.all().delete()
    biennium.status = header.status
    biennium.governing_body_session = header.governing_body_session
    biennium.document_symbol = header.document_symbol
    biennium.segment = header.segment
    biennium.title = header.title
    biennium.reported_member_institutions = header.network.member_institutions
    biennium.reported_member_countries = header.network.countries
    biennium.reported_agreements_signed = header.network.agreements_signed
    biennium.save()
    return biennium


def _write_members(proposal) -> dict[str, MemberInstitution]:
    for country in proposal.countries:
        Country.objects.update_or_create(code=country.code, defaults={"name": country.name})
    institutions = {}
    for inst in proposal.institutions:
        institutions[f"{inst.country}/{inst.acronym}"], _created = (
            MemberInstitution.objects.update_or_create(
                country_id=inst.country,
                acronym=inst.acronym,
                defaults={
                    "name": inst.name,
                    "kind": inst.kind,
                    "member_since": inst.member_since,
                    "active": inst.active,
                },
            )
        )
    for agreement in proposal.agreements:
        ContributionAgreement.objects.update_or_create(
            institution=institutions[agreement.institution],
            signed_on=agreement.signed_on,
            starts_on=agreement.starts_on,
            ends_on=agreement.ends_on,
            defaults={"annual_amount": agreement.annual_amount, "currency": agreement.currency},
        )
    return institutions


def _write_paragraphs(paragraphs, **parent) -> list[Paragraph]:
    written = []
    for position, item in enumerate(paragraphs, start=1):
        paragraph = Paragraph.objects.create(position=position, text=item.text, **parent)
        bulk_create_with_history(
            [Footnote(paragraph=paragraph, key=f.key, text=f.text) for f in item.footnotes],
            Footnote,
        )
        written.append(paragraph)
    return written


def _write_narrative(proposal, biennium, institutions) -> None:
    for position, item in enumerate(proposal.sections, start=1):
        section = Section.objects.create(
            biennium=biennium,
            kind=item.kind,
            position=position,
            title=item.title,
            subtitle=item.subtitle,
        )
        _write_paragraphs(item.paragraphs, section=section)
    for item in proposal.lines_of_action:
        line = LineOfAction.objects.create(
            biennium=biennium, letter=item.letter, heading=item.heading
        )
        paragraphs = _write_paragraphs(item.paragraphs, line_of_action=line)
        for position, entry in enumerate(item.activities, start=1):
            activity = Activity.objects.create(
                line_of_action=line,
                position=position,
                title=entry.title,
                description=entry.description,
                kind=entry.kind,
                status=entry.status,
                starts_on=entry.starts_on,
                ends_on=entry.ends_on,
                other_partners=entry.other_partners,
                source_paragraph=paragraphs[entry.paragraph - 1] if entry.paragraph else None,
            )
            activity.countries.set(entry.countries)
            activity.partner_institutions.set(
                [institutions[ref] for ref in entry.partner_institutions]
            )


def _budget_matches(budget: Budget, item) -> list[str]:
    """The fields of a stored budget that a file states differently."""
    differences = []
    if budget.funds_brought_forward != item.funds_brought_forward:
        differences.append("funds_brought_forward")
    if budget.total_expenditure != item.total_expenditure:
        differences.append("total_expenditure")
    stored = {e.line: e.amount for e in budget.income.all()}
    for line, amount in item.income.items():
        if stored.get(line.value) != amount:
            differences.append(f"income.{line.value}")
    return differences


def _write_budgets(proposal, biennium) -> None:
    previous = None
    for i, item in enumerate(proposal.budgets):
        start, end = years_of(item.years)
        owner = biennium
        if start != biennium.start_year:
            if previous is None:
                previous, _created = Biennium.objects.get_or_create(
                    start_year=start, defaults={"end_year": end, "status": Biennium.Status.APPROVED}
                )
            owner = previous
            stored = Budget.objects.filter(biennium=owner, phase=item.phase).first()
            if stored is not None:
                differences = _budget_matches(stored, item)
                if differences:
                    raise ProposalFileError(
                        [
                            Problem(f"budgets[{i}].{field}", f"differs from the stored {stored}.")
                            for field in differences
                        ]
                    )
                continue
        budget = Budget.objects.create(
            biennium=owner,
            phase=item.phase,
            funds_brought_forward=item.funds_brought_forward,
            total_expenditure=item.total_expenditure,
        )
        bulk_create_with_history(
            [
                IncomeEstimate(budget=budget, line=line, amount=amount)
                for line, amount in item.income.items()
            ],
            IncomeEstimate,
        )
        bulk_create_with_history(
            [
                Subprogramme(
                    budget=budget,
                    position=position,
                    name=row.name,
                    professional_months=row.professional_months,
                    general_service_months=row.general_service_months,
                    staff_cost=row.staff_cost,
                    non_staff_cost=row.non_staff_cost,
                )
                for position, row in enumerate(item.subprogrammes, start=1)
            ],
            Subprogramme,
        )


def _write_contributions(proposal, biennium, institutions) -> None:
    bulk_create_with_history(
        [
            Contribution(
                biennium=biennium,
                payer=item.payer,
                institution=institutions[item.institution] if item.institution else None,
                payer_name=item.payer_name,
                stage=item.stage,
                date=item.date,
                amount=item.amount,
                currency=item.currency,
                amount_usd=item.amount_usd,
                income_line=item.income_line,
                note=item.note,
            )
            for item in proposal.contributions
        ],
        Contribution,
    )
