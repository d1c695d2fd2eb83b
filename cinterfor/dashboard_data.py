"""The dashboard of one biennium: key figures and the figures of its charts.

Read in a fixed number of queries, whatever the number of activities or contributions. Every
money figure comes from budget.appendices / budget.figures (the same values the appendices and
the paragraphs print); the charts only draw them, as whole dollars.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from budget import calculations as calc
from budget.appendices import (
    COLUMN_LABELS,
    AppendixOne,
    AppendixTwo,
    Column,
    appendices,
    budgets_by_year,
)
from budget.figures import Kind, figures_for
from budget.models import IncomeLine
from budget.network import network_counts
from budget.reconciliation import reconcile
from budget.selectors import institutions_owing, received_by_income_line
from cinterfor.narrative import narrative_text
from programme.models import Activity, Biennium, LineOfAction
from programme.selectors import activity_counts, document_numbers


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: Decimal | int | None
    kind: str
    note: str = ""
    # The page that shows what the figure sums up (a url name), and the words of its link.
    page: str = ""
    link_text: str = ""
    anchor: str = ""
    query: str = ""  # the page's filters, as a query string


@dataclass(frozen=True)
class Series:
    label: str
    values: list[Decimal | int | None]


@dataclass(frozen=True)
class Chart:
    """One chart and the table that gives the same figures to those who cannot see it."""

    key: str
    caption: str
    kind: str  # "horizontal-bar" (grouped) or "stacked-bar"
    unit: str  # Kind.MONEY or Kind.COUNT
    category_heading: str
    categories: list[str]
    series: list[Series]
    # Longer names of the categories, for the data table and the tooltips.
    descriptions: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, list[Decimal | int | None]]]:
        """The figures by category, as the chart's data table lists them."""
        names = self.descriptions or self.categories
        return [
            (name, [series.values[index] for series in self.series])
            for index, name in enumerate(names)
        ]

    def as_json(self) -> dict:
        """For json_script: money as whole dollars (integers), nothing left to compute in JS."""

        def plain(value):
            if value is None:
                return None
            return int(calc.whole_dollars(value)) if self.unit == Kind.MONEY else int(value)

        return {
            "key": self.key,
            "kind": self.kind,
            "unit": self.unit,
            "axis": str(_("US$") if self.unit == Kind.MONEY else _("Activities")),
            "categories": [str(c) for c in self.categories],
            "descriptions": [str(d) for d in self.descriptions],
            "series": [
                {"label": str(s.label), "values": [plain(v) for v in s.values]} for s in self.series
            ],
        }


@dataclass(frozen=True)
class Dashboard:
    biennium: Biennium
    key_figures: list[KeyFigure]
    charts: list[Chart]
    findings_count: int
    # A past biennium known only from a later proposal's comparative columns (2018–19 in the
    # shipped data): no proposal of its own, so no figures, charts or findings to show.
    comparative_only: bool = False
    compared_in: Biennium | None = None

    def chart_data(self) -> dict:
        return {"charts": [chart.as_json() for chart in self.charts]}


def _income_chart(one: AppendixOne, column_labels: dict[str, str]) -> Chart:
    series = []
    for key in Column.ALL:
        column = one.column(key)
        values = [column.income[line] if column else None for line in IncomeLine.values]
        series.append(Series(column_labels[key], values))
    return Chart(
        key="income",
        caption=str(
            _("Income by source (US$): previous biennium approved and anticipated, and proposed")
        ),
        kind="horizontal-bar",
        unit=Kind.MONEY,
        category_heading=str(_("Income line")),
        categories=[str(line.label) for line in IncomeLine],
        series=series,
    )


def _expenditure_chart(two: AppendixTwo) -> Chart:
    return Chart(
        key="expenditure",
        caption=str(_("Proposed expenditure by subprogramme (US$)")),
        kind="horizontal-bar",
        unit=Kind.MONEY,
        category_heading=str(_("Subprogramme")),
        categories=[narrative_text(row.name) for row in two.rows],
        series=[Series(str(_("Total")), [row.total for row in two.rows])],
    )


def _contributions_chart(one: AppendixOne, received: dict[str, Decimal]) -> Chart:
    proposed = one.column(Column.PROPOSED)
    return Chart(
        key="contributions",
        caption=str(_("Contributions received against the forecast, by income line (US$)")),
        kind="horizontal-bar",
        unit=Kind.MONEY,
        category_heading=str(_("Income line")),
        categories=[str(line.label) for line in IncomeLine],
        series=[
            Series(
                str(_("Forecast (proposed budget)")),
                [proposed.income[line] if proposed else None for line in IncomeLine.values],
            ),
            Series(str(_("Received")), [received[line] for line in IncomeLine.values]),
        ],
    )


def _activities_chart(lines: list[LineOfAction], counts: dict[int, dict[str, int]]) -> Chart:
    return Chart(
        key="activities",
        caption=str(_("Activities per line of action, by status")),
        kind="stacked-bar",
        unit=Kind.COUNT,
        category_heading=str(_("Line of action")),
        categories=[f"({line.letter})" for line in lines],
        descriptions=[f"({line.letter}) {narrative_text(line.heading)}" for line in lines],
        series=[
            Series(str(label), [counts.get(line.pk, {}).get(status, 0) for line in lines])
            for status, label in Activity.Status.choices
        ],
    )


def _still_owed(biennium: Biennium) -> KeyFigure:
    """What institutions still owe of what fell due (budget.owed, one query)."""
    totals = institutions_owing(biennium=biennium, in_arrears=True).totals()
    note = (
        _("%(count)s institutions in arrears") % {"count": totals.institutions}
        if not totals.without_rate
        else _("%(count)s institutions in arrears; %(missing)s lack a rate of exchange")
        % {"count": totals.institutions, "missing": totals.without_rate}
    )
    return KeyFigure(
        str(_("Still owed by institutions")),
        totals.arrears_usd,
        Kind.MONEY,
        str(note),
        page="budget:forecast",
        link_text=str(_("See who owes what")),
        anchor="institutions-heading",
        query="arrears=on&sort=-arrears",
    )


def dashboard_for(*, biennium: Biennium) -> Dashboard:
    """Key figures and charts of one biennium, in a fixed number of queries."""
    outline = document_numbers(biennium=biennium)  # its lines, and the text reconciled
    lines = list(outline.lines)
    counts = activity_counts(biennium=biennium)
    if biennium.is_comparative_record and not lines:
        compared_in = Biennium.objects.filter(start_year=biennium.start_year + 2).first()
        return Dashboard(
            biennium=biennium,
            key_figures=[],
            charts=[],
            findings_count=0,
            comparative_only=True,
            compared_in=compared_in,
        )
    years = [biennium.start_year - 2, biennium.start_year, biennium.start_year + 2]
    budgets = budgets_by_year(start_years=years)
    one, two = appendices(biennium, budgets=budgets)
    figures = figures_for(biennium, one)
    # The register's counts once finance marks it complete; until then the proposal's.
    network = network_counts(biennium)
    findings_count = len(reconcile(biennium, budgets=budgets, network=network, outline=outline))
    previous = figures["previous.label"].value
    column_labels = {
        Column.PREVIOUS_APPROVED: f"{previous} {COLUMN_LABELS[Column.PREVIOUS_APPROVED]}",
        Column.PREVIOUS_ANTICIPATED: f"{previous} {COLUMN_LABELS[Column.PREVIOUS_ANTICIPATED]}",
        Column.PROPOSED: f"{biennium.label} {COLUMN_LABELS[Column.PROPOSED]}",
    }
    agreements_note = ""
    if network.used["agreements_signed"] is not None:
        agreements_note = str(
            (
                _("%(signed)s of %(members)s member institutions, from the register")
                if network.register_complete
                else _("%(signed)s of %(members)s member institutions, as the proposal reports")
            )
            % {
                "signed": network.used["agreements_signed"],
                "members": network.used["member_institutions"] or "–",
            }
        )
    appendix_one = {"page": "review:appendices", "anchor": "appendix-i"}
    see_appendix_one = str(_("See Appendix I"))
    key_figures = [
        KeyFigure(
            str(_("Total income proposed")),
            figures["total_income.proposed"].value,
            Kind.MONEY,
            link_text=see_appendix_one,
            **appendix_one,
        ),
        KeyFigure(
            str(_("C. Total funds available")),
            figures["funds_available.proposed"].value,
            Kind.MONEY,
            link_text=see_appendix_one,
            **appendix_one,
        ),
        KeyFigure(
            str(_("D. Total expenditure")),
            figures["expenditure.proposed"].value,
            Kind.MONEY,
            page="review:appendices",
            anchor="appendix-ii",
            link_text=str(_("See Appendix II")),
        ),
        KeyFigure(
            str(_("E. Funds to be carried forward")),
            figures["carried_forward.proposed"].value,
            Kind.MONEY,
            link_text=see_appendix_one,
            **appendix_one,
        ),
        KeyFigure(
            str(_("ILO contribution: change")),
            figures["income.ilo.change"].value,
            Kind.MONEY,
            str(_("against the %(previous)s approved budget") % {"previous": previous}),
            link_text=see_appendix_one,
            **appendix_one,
        ),
        KeyFigure(
            str(_("Institutions with an agreement")),
            figures["network.agreements_share_percent"].value,
            Kind.PERCENT,
            agreements_note,
            page="members:institutions",
            link_text=str(_("See the member institutions")),
        ),
        _still_owed(biennium),
        KeyFigure(
            str(_("Activities")),
            sum(sum(by_status.values()) for by_status in counts.values()),
            Kind.COUNT,
            page="programme:activities",
            link_text=str(_("See the activities")),
        ),
        KeyFigure(
            str(_("Reconciliation findings")),
            findings_count,
            Kind.COUNT,
            page="review:reconciliation",
            link_text=str(_("See what the reconciliation found")),
        ),
    ]
    charts = [
        _income_chart(one, column_labels),
        _expenditure_chart(two),
        _contributions_chart(one, received_by_income_line(biennium=biennium)),
        _activities_chart(lines, counts),
    ]
    return Dashboard(
        biennium=biennium, key_figures=key_figures, charts=charts, findings_count=findings_count
    )
