"""What each list downloads: the list page's own filter form and selector, and its columns.

Every function reads the request's query string with the form the list page uses and asks the
selector the page asks, so a download holds exactly the rows the screen's filters give.
"""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget import selectors as budget_selectors
from budget.forms import BalanceFilterForm, ContributionFilterForm
from cinterfor.narrative import narrative_text
from members import selectors as member_selectors
from members.forms import InstitutionFilterForm
from members.models import ContributionAgreement
from programme import selectors as programme_selectors
from programme.forms import ActivityListFilterForm
from programme.models import Biennium

from .writers import Column, Kind, Table

# Rows read from the database at a time; the number of queries grows per chunk, not per row.
CHUNK = 2000


def _yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def institutions(request: HttpRequest) -> list[Table]:
    """The member institutions under the list page's search, filters and sort."""
    form = InstitutionFilterForm(request.GET or None)
    rows = member_selectors.institutions_list(today=timezone.localdate(), **form.filters())
    columns = [
        Column(_("Acronym"), lambda i: i.acronym, width=12),
        Column(_("Name"), lambda i: i.name, width=50),
        Column(_("Country code"), lambda i: i.country_id, width=8),
        Column(_("Country"), lambda i: i.country.name, width=20),
        Column(_("Kind"), lambda i: i.get_kind_display(), width=30),
        Column(_("Member since"), lambda i: i.member_since, Kind.INTEGER),
        Column(_("Active"), lambda i: _yes_no(i.active), width=8),
        Column(_("Agreements"), lambda i: i.agreement_count, Kind.INTEGER),
        Column(_("Agreement in force today"), lambda i: _yes_no(i.has_agreement_in_force)),
    ]
    return [Table(_("Member institutions"), columns, rows.iterator(chunk_size=CHUNK))]


def agreements(request: HttpRequest) -> list[Table]:
    """The agreements of the institutions the list page's filters give, by institution."""
    form = InstitutionFilterForm(request.GET or None)
    listed = member_selectors.institutions_list(today=timezone.localdate(), **form.filters())
    rows = (
        ContributionAgreement.objects.filter(institution__in=listed.order_by().values("pk"))
        .select_related("institution__country")
        .order_by("institution__acronym", "institution__country_id", "starts_on", "pk")
    )
    columns = [
        Column(_("Institution"), lambda a: a.institution.acronym, width=12),
        Column(_("Country code"), lambda a: a.institution.country_id, width=8),
        Column(_("Signed on"), lambda a: a.signed_on, Kind.DATE),
        Column(_("Period starts"), lambda a: a.starts_on, Kind.DATE),
        Column(_("Period ends"), lambda a: a.ends_on, Kind.DATE),
        Column(_("Annual amount"), lambda a: a.annual_amount, Kind.MONEY, width=16),
        Column(_("Currency"), lambda a: a.currency, width=8),
    ]
    return [Table(_("Contribution agreements"), columns, rows.iterator(chunk_size=CHUNK))]


def _month_of_rate(contribution) -> str:
    return f"{contribution.rate_month:%Y-%m}" if contribution.rate_month else ""


def contributions(request: HttpRequest, *, biennium: Biennium) -> list[Table]:
    """A biennium's contributions under the list page's filters, newest first."""
    form = ContributionFilterForm(request.GET or None)
    rows = budget_selectors.contributions_for(biennium=biennium, **form.filters())
    columns = [
        Column(_("Date"), lambda c: c.date, Kind.DATE),
        Column(_("Payer"), lambda c: c.get_payer_display(), width=20),
        Column(_("Institution"), lambda c: str(c.institution) if c.institution_id else ""),
        Column(_("Payer name"), lambda c: c.payer_name, width=20),
        Column(_("Stage"), lambda c: c.get_stage_display(), width=20),
        Column(_("Income line"), lambda c: c.get_income_line_display(), width=30),
        Column(_("Amount paid"), lambda c: c.amount, Kind.MONEY, width=16),
        Column(_("Currency"), lambda c: c.currency, width=8),
        Column(_("US$ value"), lambda c: c.amount_usd, Kind.MONEY, width=16),
        Column(_("Rate used (units per US$)"), lambda c: c.rate_used, Kind.RATE, width=14),
        Column(_("Month of the rate"), _month_of_rate, width=10),
        Column(_("Reference"), lambda c: c.reference, width=18),
        Column(_("Note"), lambda c: c.note, width=30),
    ]
    title = _("Contributions %(years)s") % {"years": biennium.slug}
    return [Table(title, columns, rows.iterator(chunk_size=CHUNK))]


def _names(related) -> str:
    return ", ".join(str(item) for item in related.all())


def activities(request: HttpRequest, *, biennium: Biennium) -> list[Table]:
    """A biennium's activities under the list page's search, filters and sort."""
    form = ActivityListFilterForm(request.GET, biennium=biennium)
    rows = programme_selectors.activities_in_biennium(
        biennium=biennium, order=form.order, **form.filters()
    )
    columns = [
        Column(_("Line of action"), lambda a: a.line_of_action.letter, width=8),
        Column(_("Position"), lambda a: a.position, Kind.INTEGER, width=8),
        Column(_("Title"), lambda a: narrative_text(a.title), width=60),
        Column(_("Kind"), lambda a: a.get_kind_display(), width=25),
        Column(_("Status"), lambda a: a.get_status_display()),
        Column(_("Starts on"), lambda a: a.starts_on, Kind.DATE),
        Column(_("Ends on"), lambda a: a.ends_on, Kind.DATE),
        Column(_("Countries"), lambda a: _names(a.countries), width=30),
        Column(_("Partner institutions"), lambda a: _names(a.partner_institutions), width=30),
        Column(_("Other partners"), lambda a: a.other_partners, width=30),
    ]
    title = _("Activities %(years)s") % {"years": biennium.slug}
    return [Table(title, columns, rows.iterator(chunk_size=CHUNK))]


def _chunks(queryset, size: int = CHUNK):
    """A queryset's rows a chunk at a time, so each chunk's prefetch is one query."""
    start = 0
    while True:
        chunk = list(queryset[start : start + size])
        if not chunk:
            return
        yield chunk
        start += size


def _age(row, bucket: str):
    return getattr(row.owed.ageing, bucket) if row.owed.ageing else None


def forecast(request: HttpRequest, *, biennium: Biennium) -> list[Table]:
    """Received against forecast: the institutions under the page's filters, then the lines."""
    form = BalanceFilterForm(request.GET or None)
    # The page's own calculation, filters and sort, read a chunk of rows at a time.
    listed = budget_selectors.institutions_owing(biennium=biennium, **form.filters())

    def rows():
        for chunk in _chunks(listed):
            yield from budget_selectors.with_dues(chunk, biennium=biennium)

    def other_dues(row) -> str:
        return "; ".join(f"{amount} {currency}" for currency, amount in row.other_currencies)

    def missing(row) -> str:
        return "; ".join(f"{currency} {month:%Y-%m}" for currency, month in row.missing_rates)

    institution_columns = [
        Column(_("Institution"), lambda r: r.owed.acronym, width=12),
        Column(_("Country"), lambda r: r.owed.country_name, width=20),
        Column(_("Due (US$)"), lambda r: r.owed.due_usd, Kind.MONEY, width=16),
        Column(_("Due in other currencies"), other_dues, width=24),
        Column(_("Paid (US$)"), lambda r: r.owed.received_usd, Kind.MONEY, width=16),
        Column(_("Balance (US$)"), lambda r: r.owed.balance_usd, Kind.MONEY, width=16),
        Column(_("Still owed (US$)"), lambda r: r.owed.arrears_usd, Kind.MONEY, width=16),
        Column(_("Overdue this year (US$)"), lambda r: _age(r, "this_year"), Kind.MONEY),
        Column(_("Overdue last year (US$)"), lambda r: _age(r, "last_year"), Kind.MONEY),
        Column(_("Overdue, older (US$)"), lambda r: _age(r, "older"), Kind.MONEY),
        Column(_("Rates of exchange missing"), missing, width=24),
    ]
    line_columns = [
        Column(_("Income line"), lambda line: line.label, width=40),
        Column(_("Proposed budget (US$)"), lambda line: line.forecast, Kind.MONEY, width=18),
        Column(_("Received (US$)"), lambda line: line.received, Kind.MONEY, width=16),
        Column(_("Difference (US$)"), lambda line: line.difference, Kind.MONEY, width=16),
        Column(_("Received (%)"), lambda line: line.percent, Kind.NUMBER, width=12),
    ]
    title = _("Received against forecast %(years)s") % {"years": biennium.slug}
    return [
        Table(title, institution_columns, rows()),
        Table(
            _("By income line"),
            line_columns,
            budget_selectors.forecast_against_received(biennium=biennium),
        ),
    ]


def figures_history(request: HttpRequest, *, biennium: Biennium) -> list[Table]:
    """Every recorded change to the figures of the biennium's appendices, newest first."""

    def changes():
        sheet = budget_selectors.figures_sheet(biennium=biennium)
        number = 1
        while True:
            page = budget_selectors.figures_history(
                biennium=biennium, sheet=sheet, page_number=number, per_page=CHUNK
            )
            yield from page.changes
            if not page.page.has_next():
                return
            number += 1

    columns = [
        Column(_("When (UTC)"), lambda c: c.when, Kind.DATETIME, width=18),
        Column(_("Who"), lambda c: c.who, width=20),
        Column(_("Where"), lambda c: c.where, width=50),
        Column(_("Figure"), lambda c: str(c.field), width=30),
        Column(_("Before"), lambda c: c.old, Kind.NUMBER, width=16),
        Column(_("After"), lambda c: c.new, Kind.NUMBER, width=16),
    ]
    title = _("History of figures %(years)s") % {"years": biennium.slug}
    return [Table(title, columns, changes())]
