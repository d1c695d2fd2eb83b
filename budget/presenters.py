"""The appendices as the review page shows them: rows ready to print, the change column derived.

Every figure comes from budget.appendices and every difference from budget.calculations; the
template only formats what is here.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from cinterfor.narrative import narrative_text
from programme.markup import fill
from programme.models import Biennium, Paragraph, Section

from . import calculations as calc
from .appendices import COLUMN_LABELS, AppendixOne, AppendixTwo, BudgetColumn, Column, appendices
from .figures import figures_for
from .models import INCOME_LINE_FOOTNOTES, IncomeLine

# Appendix I, rows A to E, as the document prints them (B's income lines go in between).
BROUGHT_FORWARD = _("A. Funds brought forward from the previous financial year")
INCOME = _("B. Income")
TOTAL_INCOME = _("Total income")
FUNDS_AVAILABLE = _("C. Total funds available")
EXPENDITURE = _("D. Total expenditure")
CARRIED_FORWARD = _("E. Funds to be carried forward to the next financial year")


@dataclass(frozen=True)
class ColumnHeading:
    biennium_label: str
    phase_label: str


@dataclass(frozen=True)
class AppendixOneRow:
    """One printed row: a figure per column (None where the column has no budget) and the change."""

    label: str
    values: tuple[Decimal | None, ...] = ()
    change: Decimal | None = None
    footnote: int | None = None
    is_heading: bool = False
    is_total: bool = False


@dataclass(frozen=True)
class Note:
    number: int
    text: str


@dataclass(frozen=True)
class AppendixOneTable:
    headings: list[ColumnHeading]
    rows: list[AppendixOneRow]
    notes: list[Note]
    proposed_label: str
    previous_label: str


@dataclass(frozen=True)
class AppendixText:
    """A section's title, subtitle and paragraphs (placeholders filled), or defaults."""

    title: str
    subtitle: str
    paragraphs: list[str]


@dataclass(frozen=True)
class AppendicesPage:
    one_text: AppendixText
    one: AppendixOneTable
    two_text: AppendixText
    two: AppendixTwo


def previous_label(biennium: Biennium) -> str:
    """The previous biennium as the document writes it, whether it is loaded or not."""
    return Biennium(start_year=biennium.start_year - 2, end_year=biennium.start_year - 1).label


def _row(
    label: str,
    columns: list[BudgetColumn | None],
    value_of,
    *,
    footnote: int | None = None,
    is_total: bool = False,
) -> AppendixOneRow:
    values = tuple(value_of(column) if column else None for column in columns)
    approved, _anticipated, proposed = values
    change = (
        calc.change(current=proposed, previous=approved)
        if proposed is not None and approved is not None
        else None
    )
    return AppendixOneRow(
        label=label, values=values, change=change, footnote=footnote, is_total=is_total
    )


def appendix_one_table(one: AppendixOne, *, biennium: Biennium) -> AppendixOneTable:
    """Appendix I's rows with the three columns and the change (proposed − previous approved)."""
    columns = [one.column(key) for key in Column.ALL]
    labels = {
        Column.PREVIOUS_APPROVED: previous_label(biennium),
        Column.PREVIOUS_ANTICIPATED: previous_label(biennium),
        Column.PROPOSED: biennium.label,
    }
    headings = [ColumnHeading(labels[key], str(COLUMN_LABELS[key])) for key in Column.ALL]
    notes: list[Note] = []
    income_rows = []
    for line in IncomeLine:
        footnote = None
        if line in INCOME_LINE_FOOTNOTES:
            footnote = len(notes) + 1
            notes.append(Note(footnote, str(INCOME_LINE_FOOTNOTES[line])))
        income_rows.append(
            _row(str(line.label), columns, lambda c, line=line: c.income[line], footnote=footnote)
        )
    rows = [
        _row(str(BROUGHT_FORWARD), columns, lambda c: c.brought_forward),
        AppendixOneRow(label=str(INCOME), is_heading=True),
        *income_rows,
        _row(str(TOTAL_INCOME), columns, lambda c: c.total_income, is_total=True),
        _row(str(FUNDS_AVAILABLE), columns, lambda c: c.funds_available, is_total=True),
        _row(str(EXPENDITURE), columns, lambda c: c.expenditure, is_total=True),
        _row(str(CARRIED_FORWARD), columns, lambda c: c.carried_forward, is_total=True),
    ]
    return AppendixOneTable(
        headings=headings,
        rows=rows,
        notes=notes,
        proposed_label=biennium.label,
        previous_label=previous_label(biennium),
    )


def _appendix_sections(biennium: Biennium) -> dict[str, Section]:
    paragraphs = Paragraph.objects.order_by("position")
    sections = biennium.sections.filter(
        kind__in=[Section.Kind.APPENDIX_I, Section.Kind.APPENDIX_II]
    ).prefetch_related(Prefetch("paragraphs", queryset=paragraphs))
    return {section.kind: section for section in sections}


def _text(section: Section | None, figures, *, title: str, subtitle: str) -> AppendixText:
    if section is None:
        return AppendixText(title=title, subtitle=subtitle, paragraphs=[])
    return AppendixText(
        title=fill(narrative_text(section.title), figures) or title,
        subtitle=fill(narrative_text(section.subtitle), figures) or subtitle,
        paragraphs=[fill(narrative_text(p.text), figures) for p in section.paragraphs.all()],
    )


def appendices_page(*, biennium: Biennium) -> AppendicesPage:
    """Everything the appendices page shows, in a fixed number of queries."""
    one, two = appendices(biennium)
    figures = figures_for(biennium, one)
    sections = _appendix_sections(biennium)
    return AppendicesPage(
        one_text=_text(
            sections.get(Section.Kind.APPENDIX_I),
            figures,
            title=str(_("Appendix I")),
            subtitle=str(_("Proposed income and expenses")),
        ),
        one=appendix_one_table(one, biennium=biennium),
        two_text=_text(
            sections.get(Section.Kind.APPENDIX_II),
            figures,
            title=str(_("Appendix II")),
            subtitle=str(_("Summary of proposed expenditure by subprogramme")),
        ),
        two=two,
    )
