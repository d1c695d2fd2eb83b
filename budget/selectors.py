"""Reads of the finance pages: the editable appendices, contributions, received against forecast.

Each selector answers in a fixed number of queries and keeps to one biennium.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from cinterfor.data_version import cached_figure
from cinterfor.narrative import narrative_text
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Biennium

from . import calculations as calc
from . import owed
from .appendices import Column, previous_biennium
from .dues import Due, dues_of, missing_rates
from .models import (
    Budget,
    BudgetPhase,
    Contribution,
    ExchangeRate,
    IncomeEstimate,
    IncomeLine,
    Subprogramme,
)

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
    """The US$ value of the contributions received in a biennium, per income line: one query
    over its contributions, kept until the data changes (cinterfor.data_version)."""

    def add_up() -> dict[str, Decimal]:
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

    return cached_figure("received_by_income_line", (biennium.pk,), add_up)


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


# What each institution owes, as the forecast page and its download list it (budget.owed)

BALANCE_ORDERINGS = owed.ORDERINGS


@dataclass(frozen=True)
class OwedWithDues:
    """A shown institution's figures (from the one calculation) and the dues behind them."""

    owed: owed.OwedRow
    dues: list[Due]

    @property
    def institution(self) -> MemberInstitution | None:
        return self.owed.institution

    @property
    def agreements(self) -> list[ContributionAgreement]:
        return list({due.agreement.pk: due.agreement for due in self.dues}.values())

    @property
    def due_by_currency(self) -> list[tuple[str, Decimal]]:
        """What the agreements make due per currency, in that currency."""
        sums: dict[str, Decimal] = {}
        for due in self.dues:
            sums[due.currency] = sums.get(due.currency, calc.ZERO) + due.amount
        return sorted(sums.items())

    @property
    def other_currencies(self) -> list[tuple[str, Decimal]]:
        return [(c, amount) for c, amount in self.due_by_currency if c != calc.USD]

    @property
    def missing_rates(self) -> list[tuple[str, datetime.date]]:
        return missing_rates(self.dues)


def institutions_owing(
    *,
    biennium: Biennium,
    search: str = "",
    country: Country | None = None,
    in_arrears: bool = False,
    sort: str = "country",
    as_of: datetime.date | None = None,
) -> owed.OwedQuery:
    """Institutions with an agreement in force or money received in the biennium, with what
    each owes (budget.owed), filtered and sorted by the database; slice it for a page."""
    filters = owed.Filters(
        search=search, country=country.pk if country else None, in_arrears=in_arrears
    )
    return owed.owed_in_biennium(biennium, as_of=as_of, filters=filters, sort=sort)


def with_dues(rows: list[owed.OwedRow], *, biennium: Biennium) -> list[OwedWithDues]:
    """The shown rows with each one's dues and rates (two queries, whatever the rows)."""
    dues = dues_of(
        [row.institution_id for row in rows],
        first_year=biennium.start_year,
        last_year=biennium.end_year,
    )
    return [OwedWithDues(row, dues.get(row.institution_id, [])) for row in rows]


def rate_changes_count(*, biennium: Biennium) -> int:
    """How many contributions were converted at a rate since changed (one query; the list of
    what would change is read only on the recompute page, services.rate_changes)."""
    changed = ExchangeRate.objects.filter(
        currency=OuterRef("currency"), month=OuterRef("rate_month")
    ).exclude(units_per_usd=OuterRef("rate_used"))
    return Contribution.objects.filter(
        Exists(changed), biennium=biennium, rate_used__isnull=False
    ).count()


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


@dataclass(frozen=True)
class _FigureTable:
    """One history table of the figures: its rows of this biennium, how to name and diff them."""

    records: QuerySet
    label: Callable
    fields: dict[str, str]


@dataclass(frozen=True)
class FiguresHistory:
    """One page of the figures' history: the page (for its links) and its changes."""

    page: Page
    changes: list[FigureChange]


def _changes(record, before, *, label, fields: dict[str, str]) -> list[FigureChange]:
    """Old → new for each field of one recorded save against the record before it."""
    changes = []
    for name, verbose in fields.items():
        old = getattr(before, name)
        new = getattr(record, name) if record.history_type != "-" else None
        if old != new:
            changes.append(
                FigureChange(record.history_date, _who(record), label(record), verbose, old, new)
            )
    return changes


def _figure_tables(budgets: dict[int, Budget]) -> dict[str, _FigureTable]:
    line_labels = dict(IncomeLine.choices)
    return {
        "budget": _FigureTable(
            Budget.history.filter(id__in=budgets),
            lambda r: str(budgets[r.id]),
            {
                "funds_brought_forward": _("A. Funds brought forward"),
                "total_expenditure": _("D. Total expenditure"),
            },
        ),
        "income": _FigureTable(
            IncomeEstimate.history.filter(budget_id__in=budgets),
            lambda r: f"{budgets[r.budget_id]} · {line_labels.get(r.line, r.line)}",
            {"amount": _("amount (US$)")},
        ),
        "subprogramme": _FigureTable(
            Subprogramme.history.filter(budget_id__in=budgets),
            lambda r: f"{budgets[r.budget_id]} · {narrative_text(r.name)}",
            {
                "professional_months": _("professional work-months"),
                "general_service_months": _("general service work-months"),
                "staff_cost": _("staff cost (US$)"),
                "non_staff_cost": _("non-staff cost (US$)"),
            },
        ),
    }


def _saves(table: str, records: QuerySet) -> QuerySet:
    """The table's changes and deletions (creations are not changes), each naming the record
    saved just before it for the same row, as (date, history id, table, previous history id).
    """
    before = records.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    return (
        records.exclude(history_type="+")
        .annotate(
            table=Value(table, output_field=CharField()),
            before=Subquery(
                before.order_by("-history_date", "-history_id").values("history_id")[:1]
            ),
        )
        .order_by()
        .values_list("history_date", "history_id", "table", "before")
    )


def figures_history(
    *,
    biennium: Biennium,
    sheet: FiguresSheet | None = None,
    page_number: int | str | None = 1,
    per_page: int = 20,
) -> FiguresHistory:
    """One page of the changes to the figures this biennium's Appendix I and II show, newest
    first, read with LIMIT in SQL.

    A fixed number of queries whatever the length of the history: the budgets (none when the
    page's sheet is given: its columns' budgets); the count and the page of saves across
    django-simple-history's three tables; then, per table on the page, those saves and the
    records before them.
    """
    if sheet is None:
        sheet = figures_sheet(biennium=biennium)
    budgets = {c.budget.pk: c.budget for c in sheet.columns.values() if c.budget is not None}
    tables = _figure_tables(budgets)
    first, *rest = (_saves(name, table.records) for name, table in tables.items())
    saves = first.union(*rest, all=True).order_by("-history_date", "-history_id", "table")
    page = Paginator(saves, per_page).get_page(page_number)
    wanted: dict[str, set[int]] = {}
    for _date, history_id, table, before in page.object_list:
        wanted.setdefault(table, set()).update(i for i in (history_id, before) if i is not None)
    loaded = {
        name: tables[name].records.filter(history_id__in=ids).select_related("history_user")
        for name, ids in wanted.items()
    }
    loaded = {name: {r.history_id: r for r in records} for name, records in loaded.items()}
    changes = []
    for _date, history_id, table, before in page.object_list:
        if before is None:  # the row's creation was not recorded; nothing to compare with
            continue
        records = loaded[table]
        changes += _changes(
            records[history_id],
            records[before],
            label=tables[table].label,
            fields=tables[table].fields,
        )
    return FiguresHistory(page=page, changes=changes)
