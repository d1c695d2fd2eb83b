"""Appendix I and II of one biennium, read in a fixed number of queries and derived once.

The dataclasses hold every figure the appendices print; pages, figures in paragraphs, the
reconciliation and the documents read them and compute nothing more.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from programme.models import Biennium

from . import calculations as calc
from .models import Budget, BudgetPhase, IncomeEstimate, IncomeLine, Subprogramme


class Column:
    """The three columns of Appendix I, named from the proposal's point of view."""

    PREVIOUS_APPROVED = "previous_approved"
    PREVIOUS_ANTICIPATED = "previous_anticipated"
    PROPOSED = "proposed"
    ALL = (PREVIOUS_APPROVED, PREVIOUS_ANTICIPATED, PROPOSED)


@dataclass(frozen=True)
class BudgetColumn:
    """One column of Appendix I with its derived rows (C, E, total income)."""

    key: str
    biennium_label: str
    phase: str
    phase_label: str
    brought_forward: Decimal
    income: dict[str, Decimal]
    expenditure: Decimal

    @property
    def total_income(self) -> Decimal:
        return calc.total(self.income.values())

    @property
    def funds_available(self) -> Decimal:
        return calc.total_funds_available(
            brought_forward=self.brought_forward, total_income=self.total_income
        )

    @property
    def carried_forward(self) -> Decimal:
        return calc.funds_carried_forward(
            funds_available=self.funds_available, expenditure=self.expenditure
        )


@dataclass(frozen=True)
class AppendixOne:
    biennium_label: str
    columns: dict[str, BudgetColumn | None]

    def column(self, key: str) -> BudgetColumn | None:
        return self.columns.get(key)


@dataclass(frozen=True)
class SubprogrammeRow:
    name: dict
    professional_months: int
    general_service_months: int
    staff_cost: Decimal
    non_staff_cost: Decimal
    pk: int | None = None  # the stored row, which names its translations

    @property
    def total(self) -> Decimal:
        return calc.subprogramme_total(
            staff_cost=self.staff_cost, non_staff_cost=self.non_staff_cost
        )


@dataclass(frozen=True)
class AppendixTwo:
    biennium_label: str
    rows: list[SubprogrammeRow]

    @property
    def professional_months(self) -> int:
        return sum(row.professional_months for row in self.rows)

    @property
    def general_service_months(self) -> int:
        return sum(row.general_service_months for row in self.rows)

    @property
    def staff_cost(self) -> Decimal:
        return calc.total(row.staff_cost for row in self.rows)

    @property
    def non_staff_cost(self) -> Decimal:
        return calc.total(row.non_staff_cost for row in self.rows)

    @property
    def total(self) -> Decimal:
        return calc.total(row.total for row in self.rows)


def previous_biennium(biennium: Biennium) -> Biennium | None:
    return Biennium.objects.filter(start_year=biennium.start_year - 2).first()


Budgets = dict[tuple[int, str], Budget]


def budgets_by_year(*, start_years: list[int]) -> Budgets:
    """The budgets of the bienniums starting in those years, by (start year, phase).

    Three queries however many: read once and pass to `appendices` for several bienniums.
    """
    budgets = (
        Budget.objects.filter(biennium__start_year__in=start_years)
        .select_related("biennium")
        .prefetch_related(
            Prefetch("income", queryset=IncomeEstimate.objects.order_by("line")),
            Prefetch("subprogrammes", queryset=Subprogramme.objects.order_by("position")),
        )
    )
    return {(b.biennium.start_year, b.phase): b for b in budgets}


def _column(key: str, budget: Budget | None) -> BudgetColumn | None:
    if budget is None:
        return None
    income = {line: Decimal(0) for line in IncomeLine.values}
    income.update({estimate.line: estimate.amount for estimate in budget.income.all()})
    return BudgetColumn(
        key=key,
        biennium_label=budget.biennium.label,
        phase=budget.phase,
        phase_label=str(BudgetPhase(budget.phase).label),
        brought_forward=budget.funds_brought_forward,
        income=income,
        expenditure=budget.total_expenditure,
    )


def appendices(
    biennium: Biennium, *, budgets: Budgets | None = None
) -> tuple[AppendixOne, AppendixTwo]:
    """Both appendices of a biennium's proposal, with the previous biennium beside it.

    `budgets` (from `budgets_by_year`) must hold this biennium's and the previous one's.
    """
    prev_year = biennium.start_year - 2
    if budgets is None:
        budgets = budgets_by_year(start_years=[biennium.start_year, prev_year])
    proposed = budgets.get((biennium.start_year, BudgetPhase.PROPOSED))
    one = AppendixOne(
        biennium_label=biennium.label,
        columns={
            Column.PREVIOUS_APPROVED: _column(
                Column.PREVIOUS_APPROVED, budgets.get((prev_year, BudgetPhase.APPROVED))
            ),
            Column.PREVIOUS_ANTICIPATED: _column(
                Column.PREVIOUS_ANTICIPATED, budgets.get((prev_year, BudgetPhase.ANTICIPATED))
            ),
            Column.PROPOSED: _column(Column.PROPOSED, proposed),
        },
    )
    rows = [
        SubprogrammeRow(
            pk=s.pk,
            name=s.name,
            professional_months=s.professional_months,
            general_service_months=s.general_service_months,
            staff_cost=s.staff_cost,
            non_staff_cost=s.non_staff_cost,
        )
        for s in (proposed.subprogrammes.all() if proposed else [])
    ]
    return one, AppendixTwo(biennium_label=biennium.label, rows=rows)


COLUMN_LABELS = {
    Column.PREVIOUS_APPROVED: _("Approved budget"),
    Column.PREVIOUS_ANTICIPATED: _("Anticipated income and expenditure"),
    Column.PROPOSED: _("Proposed budget"),
}
