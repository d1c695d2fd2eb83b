"""Reads of the finance pages: the editable appendices, contributions, received against forecast.

Each selector answers in a fixed number of queries and keeps to one biennium.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from cinterfor.narrative import narrative_text
from members.models import ContributionAgreement, MemberInstitution
from programme.models import Biennium

from . import calculations as calc
from .appendices import Column, previous_biennium
from .models import Budget, BudgetPhase, Contribution, IncomeEstimate, IncomeLine, Subprogramme

# Which biennium and phase each column of Appendix I reads, from the proposal's point of view.
COLUMN_PHASES = {
    Column.PREVIOUS_APPROVED: BudgetPhase.APPROVED,
    Column.PREVIOUS_ANTICIPATED: BudgetPhase.ANTICIPATED,
    Column.PROPOSED: BudgetPhase.PROPOSED,
}


@dataclass(frozen=True)
class SheetColumn:
    """One column of Appendix I as the figures page edits it."""

    key: str
    owner: Biennium | None  # the biennium whose budget this column is; None if it does not exist
    phase: str
    budget: Budget | None
    editable: bool
    estimates: dict[str, IncomeEstimate] = field(default_factory=dict)


@dataclass(frozen=True)
class FiguresSheet:
    """What the figures page edits: Appendix I's columns and the proposal's subprogrammes."""

    biennium: Biennium
    columns: dict[str, SheetColumn]
    subprogrammes: list[Subprogramme]

    @property
    def editable(self) -> bool:
        return any(column.editable for column in self.columns.values())

    @property
    def proposed(self) -> SheetColumn:
        return self.columns[Column.PROPOSED]


def figures_sheet(*, biennium: Biennium) -> FiguresSheet:
    """The budgets of a biennium and of the one before it, with their rows and versions.

    A column is editable only while the proposal is a draft (a submitted or approved proposal is
    read-only as a whole) and, except for the previous biennium's anticipated column, which is
    estimated for this proposal, only while the biennium it belongs to is a draft too.
    """
    previous = previous_biennium(biennium)
    owners = [b for b in (biennium, previous) if b is not None]
    budgets = {
        (b.biennium_id, b.phase): b
        for b in Budget.objects.filter(biennium__in=owners)
        .select_related("biennium")
        .prefetch_related(
            Prefetch("income", queryset=IncomeEstimate.objects.order_by("line")),
            Prefetch("subprogrammes", queryset=Subprogramme.objects.order_by("position")),
        )
    }
    columns = {}
    for key, phase in COLUMN_PHASES.items():
        owner = biennium if key == Column.PROPOSED else previous
        budget = budgets.get((owner.pk, phase)) if owner else None
        # The anticipated column is estimated for this proposal (see budget.services.lock_budget_for_edit).
        own_state_counts = key != Column.PREVIOUS_ANTICIPATED
        editable = (
            owner is not None
            and not biennium.is_locked
            and not (own_state_counts and owner.is_locked)
        )
        estimates = {e.line: e for e in budget.income.all()} if budget else {}
        columns[key] = SheetColumn(key, owner, phase, budget, editable, estimates)
    proposed = columns[Column.PROPOSED].budget
    subprogrammes = list(proposed.subprogrammes.all()) if proposed else []
    return FiguresSheet(biennium=biennium, columns=columns, subprogrammes=subprogrammes)


# Contributions


def contributions_for(
    *,
    biennium: Biennium,
    stage: str = "",
    payer: str = "",
    income_line: str = "",
    institution: MemberInstitution | None = None,
) -> QuerySet[Contribution]:
    """The contributions of one biennium, newest first, filtered as the list page asks."""
    contributions = biennium.contributions.select_related("institution").order_by("-date", "-id")
    if stage:
        contributions = contributions.filter(stage=stage)
    if payer:
        contributions = contributions.filter(payer=payer)
    if income_line:
        contributions = contributions.filter(income_line=income_line)
    if institution is not None:
        contributions = contributions.filter(institution=institution)
    return contributions


def contribution_in(*, biennium: Biennium, pk: int) -> Contribution:
    """One contribution of this biennium, or a 404 (never another biennium's)."""
    return get_object_or_404(
        Contribution.objects.select_related("biennium", "institution"), biennium=biennium, pk=pk
    )


# Received against forecast


@dataclass(frozen=True)
class LineForecast:
    line: str
    label: str
    forecast: Decimal | None  # None when the proposal has no budget yet
    received: Decimal

    @property
    def difference(self) -> Decimal | None:
        if self.forecast is None:
            return None
        return calc.received_difference(forecast=self.forecast, received=self.received)

    @property
    def percent(self) -> Decimal | None:
        return calc.share_percent(self.received, self.forecast)


def received_by_income_line(*, biennium: Biennium) -> dict[str, Decimal]:
    """The US$ value of the contributions received in a biennium, per income line (one query)."""
    sums = Contribution.objects.filter(
        biennium=biennium, stage=Contribution.Stage.RECEIVED
    ).aggregate(
        **{
            line: Coalesce(Sum("amount_usd", filter=Q(income_line=line)), Decimal(0))
            for line in IncomeLine.values
        }
    )
    # SQLite returns a sum without its scale; cents are what was stored.
    return {line: Decimal(sums[line]).quantize(Decimal("0.01")) for line in IncomeLine.values}


def forecast_against_received(*, biennium: Biennium) -> list[LineForecast]:
    """Each income line: the proposed budget's figure and what has been received (two queries)."""
    forecast = dict(
        IncomeEstimate.objects.filter(
            budget__biennium=biennium, budget__phase=BudgetPhase.PROPOSED
        ).values_list("line", "amount")
    )
    has_budget = bool(forecast) or biennium.budgets.filter(phase=BudgetPhase.PROPOSED).exists()
    received = received_by_income_line(biennium=biennium)
    return [
        LineForecast(
            line=line,
            label=str(label),
            forecast=forecast.get(line, calc.ZERO) if has_budget else None,
            received=received[line],
        )
        for line, label in IncomeLine.choices
    ]


@dataclass(frozen=True)
class InstitutionBalance:
    """What one institution's agreements make due in a biennium, what it paid, what it owes."""

    institution: MemberInstitution
    agreements: list[ContributionAgreement]
    dues: dict[str, Decimal]  # per currency
    paid_usd: Decimal
    owed_usd: Decimal | None  # None when an agreement is not in US$

    @property
    def due_usd(self) -> Decimal | None:
        return self.dues.get(calc.USD, calc.ZERO) if self.owed_usd is not None else None

    @property
    def other_currencies(self) -> list[tuple[str, Decimal]]:
        return sorted((c, amount) for c, amount in self.dues.items() if c != calc.USD)


def agreements_in_force_during(biennium: Biennium) -> QuerySet[ContributionAgreement]:
    first_day = datetime.date(biennium.start_year, 1, 1)
    last_day = datetime.date(biennium.end_year, 12, 31)
    return ContributionAgreement.objects.filter(starts_on__lte=last_day, ends_on__gte=first_day)


def institution_balances(*, biennium: Biennium) -> list[InstitutionBalance]:
    """Every institution with an agreement in force during the biennium (two queries)."""
    agreements = agreements_in_force_during(biennium)
    received = Q(contributions__biennium=biennium, contributions__stage=Contribution.Stage.RECEIVED)
    institutions = (
        MemberInstitution.objects.filter(Exists(agreements.filter(institution=OuterRef("pk"))))
        .select_related("country")
        .annotate(paid_usd=Coalesce(Sum("contributions__amount_usd", filter=received), Decimal(0)))
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=agreements.order_by("starts_on", "pk"),
                to_attr="agreements_in_biennium",
            )
        )
        .order_by("country__name", "acronym")
    )
    balances = []
    for institution in institutions:
        paid = Decimal(institution.paid_usd).quantize(Decimal("0.01"))
        dues = calc.dues_by_currency(
            agreements=[
                (a.annual_amount, a.currency, a.starts_on.year, a.ends_on.year)
                for a in institution.agreements_in_biennium
            ],
            first_year=biennium.start_year,
            last_year=biennium.end_year,
        )
        balances.append(
            InstitutionBalance(
                institution=institution,
                agreements=institution.agreements_in_biennium,
                dues=dues,
                paid_usd=paid,
                owed_usd=calc.owed_in_usd(dues=dues, paid_usd=paid),
            )
        )
    return balances


# History of the figures


@dataclass(frozen=True)
class FigureChange:
    """One recorded change of a figure of the appendices: where, who, when (UTC), old and new."""

    when: datetime.datetime
    who: str
    where: str
    field: str
    old: object
    new: object


def _who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user else "—"


def _changes(records, *, label, fields: dict[str, str]) -> list[FigureChange]:
    """Old → new for each field of each row, from the row's records in date order."""
    by_row: dict[int, list] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_row.setdefault(record.id, []).append(record)
    changes = []
    for rows in by_row.values():
        for before, after in zip(rows, rows[1:], strict=False):  # creations are not changes
            for name, verbose in fields.items():
                old = getattr(before, name)
                new = getattr(after, name) if after.history_type != "-" else None
                if old != new:
                    changes.append(
                        FigureChange(
                            after.history_date, _who(after), label(after), verbose, old, new
                        )
                    )
    return changes


def figures_history(*, biennium: Biennium, limit: int = 60) -> list[FigureChange]:
    """The latest changes to the figures this biennium's Appendix I and II show, newest first.

    Read in four queries whatever the number of rows: the budgets, then the history of the
    budgets, income estimates and subprogrammes (django-simple-history's tables).
    """
    previous = previous_biennium(biennium)
    budgets = {
        b.pk: b
        for b in Budget.objects.filter(
            biennium__in=[b for b in (biennium, previous) if b is not None]
        ).select_related("biennium")
    }
    line_labels = dict(IncomeLine.choices)
    changes = _changes(
        Budget.history.filter(id__in=budgets).select_related("history_user"),
        label=lambda r: str(budgets[r.id]),
        fields={
            "funds_brought_forward": _("A. Funds brought forward"),
            "total_expenditure": _("D. Total expenditure"),
        },
    )
    changes += _changes(
        IncomeEstimate.history.filter(budget_id__in=budgets).select_related("history_user"),
        label=lambda r: f"{budgets[r.budget_id]} · {line_labels.get(r.line, r.line)}",
        fields={"amount": _("amount (US$)")},
    )
    changes += _changes(
        Subprogramme.history.filter(budget_id__in=budgets).select_related("history_user"),
        label=lambda r: f"{budgets[r.budget_id]} · {narrative_text(r.name)}",
        fields={
            "professional_months": _("professional work-months"),
            "general_service_months": _("general service work-months"),
            "staff_cost": _("staff cost (US$)"),
            "non_staff_cost": _("non-staff cost (US$)"),
        },
    )
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]
