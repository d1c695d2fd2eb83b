"""Export one biennium's proposal in the exchange format, in a canonical order.

Each narrative is written in the proposal's source language with its up-to-date translations
(settings.EXCHANGE_TRANSLATIONS), so importing the file brings them back.
"""

import json
from decimal import Decimal

from django.db.models import Prefetch, Q

from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Activity, Biennium, Paragraph
from programme.selectors import lines_with_paragraphs, sections_with_paragraphs

from ..models import Budget, Contribution, IncomeLine
from . import FORMAT_NAME, FORMAT_VERSION
from .languages import translations_module


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


class _Narratives:
    """A row's narrative as the file writes it: the source language from the row (a language
    still stored beside it is not the truth), the other languages from the translations."""

    def __init__(self, biennium: Biennium):
        self.language = biennium.source_language
        module = translations_module()
        self.translations = module.translations_by_row(biennium=biennium) if module else {}

    def __call__(self, row, field: str) -> dict:
        value = getattr(row, field) or {}
        if not value.get(self.language):
            return {}
        ref = (row._meta.model_name, row.pk, field)
        texts = {self.language: value[self.language], **self.translations.get(ref, {})}
        return {code: texts[code] for code in sorted(texts)}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _ref(institution: MemberInstitution) -> str:
    return f"{institution.country_id}/{institution.acronym}"


def _paragraph(paragraph: Paragraph, narrative: _Narratives) -> dict:
    return {
        "text": narrative(paragraph, "text"),
        "footnotes": [
            {"key": f.key, "text": narrative(f, "text")} for f in paragraph.footnotes.all()
        ],
    }


def _years(biennium: Biennium) -> str:
    return biennium.slug


def _members(biennium: Biennium) -> dict:
    """The part of the register the proposal names: its institutions, their countries."""
    agreements = ContributionAgreement.objects.filter(
        starts_on__year__lte=biennium.end_year, ends_on__year__gte=biennium.start_year
    )
    named = (
        Q(activities__line_of_action__biennium=biennium)
        | Q(contributions__biennium=biennium)
        | Q(pk__in=agreements.values("institution_id"))
    )
    institutions = list(
        MemberInstitution.objects.filter(named).distinct().order_by("country_id", "acronym")
    )
    countries = Country.objects.filter(
        Q(activities__line_of_action__biennium=biennium)
        | Q(code__in={i.country_id for i in institutions})
    ).distinct()
    return {
        "countries": [{"code": c.code, "name": c.name} for c in countries.order_by("code")],
        "institutions": [
            {
                "acronym": i.acronym,
                "country": i.country_id,
                "name": i.name,
                "kind": i.kind,
                "member_since": i.member_since,
                "active": i.active,
            }
            for i in institutions
        ],
        "agreements": [
            {
                "institution": _ref(a.institution),
                "signed_on": _date(a.signed_on),
                "starts_on": _date(a.starts_on),
                "ends_on": _date(a.ends_on),
                "annual_amount": _money(a.annual_amount),
                "currency": a.currency,
            }
            for a in agreements.select_related("institution").order_by(
                "institution__country_id", "institution__acronym", "signed_on", "starts_on"
            )
        ],
    }


def _lines(biennium: Biennium, narrative: _Narratives) -> list[dict]:
    activities = Activity.objects.order_by("position").prefetch_related(
        "countries", "partner_institutions", "source_paragraph"
    )
    lines = lines_with_paragraphs(biennium=biennium).prefetch_related(
        Prefetch("activities", queryset=activities)
    )
    result = []
    for line in lines:
        paragraphs = list(line.paragraphs.all())
        result.append(
            {
                "letter": line.letter,
                "heading": narrative(line, "heading"),
                "paragraphs": [_paragraph(p, narrative) for p in paragraphs],
                "activities": [
                    {
                        "title": narrative(a, "title"),
                        "description": narrative(a, "description"),
                        "kind": a.kind,
                        "status": a.status,
                        "starts_on": _date(a.starts_on),
                        "ends_on": _date(a.ends_on),
                        "countries": sorted(c.code for c in a.countries.all()),
                        "partner_institutions": sorted(
                            _ref(i) for i in a.partner_institutions.all()
                        ),
                        "other_partners": a.other_partners,
                        "paragraph": (
                            paragraphs.index(a.source_paragraph) + 1 if a.source_paragraph else None
                        ),
                    }
                    for a in line.activities.all()
                ],
            }
        )
    return result


def _budgets(biennium: Biennium, narrative: _Narratives) -> list[dict]:
    budgets = (
        Budget.objects.filter(
            biennium__start_year__in=[biennium.start_year - 2, biennium.start_year]
        )
        .select_related("biennium")
        .prefetch_related("income", "subprogrammes")
        .order_by("biennium__start_year", "phase")
    )
    line_order = list(IncomeLine.values)
    result = []
    for budget in budgets:
        if budget.biennium_id != biennium.pk and budget.phase == "proposed":
            continue  # the previous biennium's own proposal is not part of this one
        income = sorted(budget.income.all(), key=lambda e: line_order.index(e.line))
        result.append(
            {
                "years": _years(budget.biennium),
                "phase": budget.phase,
                "funds_brought_forward": _money(budget.funds_brought_forward),
                "income": {e.line: _money(e.amount) for e in income},
                "total_expenditure": _money(budget.total_expenditure),
                "subprogrammes": [
                    {
                        "name": narrative(s, "name"),
                        "professional_months": s.professional_months,
                        "general_service_months": s.general_service_months,
                        "staff_cost": _money(s.staff_cost),
                        "non_staff_cost": _money(s.non_staff_cost),
                    }
                    for s in sorted(budget.subprogrammes.all(), key=lambda s: s.position)
                ],
            }
        )
    return result


def _contributions(biennium: Biennium) -> list[dict]:
    return [
        {
            "payer": c.payer,
            "institution": _ref(c.institution) if c.institution else None,
            "payer_name": c.payer_name,
            "stage": c.stage,
            "date": _date(c.date),
            "amount": _money(c.amount),
            "currency": c.currency,
            "amount_usd": _money(c.amount_usd),
            "income_line": c.income_line,
            "reference": c.reference,
            "note": c.note,
        }
        for c in Contribution.objects.filter(biennium=biennium)
        .select_related("institution")
        .order_by("date", "id")
    ]


def _title_block_extras(biennium: Biennium) -> dict:
    """The document's date and purpose, when set (a file without them reads as unset)."""
    extras = {}
    if biennium.document_date:
        extras["document_date"] = biennium.document_date.isoformat()
    if biennium.purpose:
        extras["purpose"] = biennium.purpose
    return extras


def export_proposal(biennium: Biennium) -> dict:
    """The whole proposal of a biennium as exchange-format data."""
    narrative = _Narratives(biennium)
    # English, the format's default source language, is left out, as the shipped file has it.
    language = (
        {} if biennium.source_language == "en" else {"source_language": biennium.source_language}
    )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "biennium": {
            "years": _years(biennium),
            **language,
            "status": biennium.status,
            "governing_body_session": narrative(biennium, "governing_body_session"),
            "document_symbol": biennium.document_symbol,
            **_title_block_extras(biennium),
            "segment": narrative(biennium, "segment"),
            "title": narrative(biennium, "title"),
            "network": {
                "member_institutions": biennium.reported_member_institutions,
                "countries": biennium.reported_member_countries,
                "agreements_signed": biennium.reported_agreements_signed,
            },
        },
        **_members(biennium),
        "sections": [
            {
                "kind": s.kind,
                "title": narrative(s, "title"),
                "subtitle": narrative(s, "subtitle"),
                "paragraphs": [_paragraph(p, narrative) for p in s.paragraphs.all()],
            }
            for s in sections_with_paragraphs(biennium=biennium)
        ],
        "lines_of_action": _lines(biennium, narrative),
        "budgets": _budgets(biennium, narrative),
        "contributions": _contributions(biennium),
    }


def dumps(data: dict) -> str:
    """The canonical text of a proposal file."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
