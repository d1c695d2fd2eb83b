"""What each member institution owes: the one calculation.

For each institution and year, what its agreements make due (in the agreement's currency, and
in US$ at the rate of exchange of the month it falls due), what was received, and the arrears
aged this year / last year / older; totals per country and per income line. The forecast page,
the dashboard, the statements and the reminders all read `owed`; none adds up dues on its own.

A due in another currency without a rate for its month is not converted: its US$ value is
None and the institution names the missing rate. No rate is ever assumed.

`owed` takes a constant number of queries whatever the number of institutions: the
agreements with the rates they need, the received sums (aggregated by the database per
institution, year and income line), and the institutions that received money
without an agreement in force.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DateField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.utils import timezone

from members.models import ContributionAgreement, MemberInstitution

from . import calculations as calc
from .models import Contribution, ExchangeRate, IncomeLine

# CINTERFOR's seat is in Montevideo: institutions of Uruguay pay the host country's line.
HOST_COUNTRY_CODE = "UY"


@dataclass(frozen=True)
class Due:
    """One agreement's contribution for one year."""

    agreement: ContributionAgreement
    year: int
    due_on: datetime.date
    amount: Decimal
    currency: str
    conversion: calc.Conversion | None  # None for US$ and when no rate is known

    @property
    def missing_rate(self) -> bool:
        return self.currency != calc.USD and self.conversion is None

    @property
    def usd(self) -> Decimal | None:
        if self.currency == calc.USD:
            return self.amount
        return self.conversion.usd if self.conversion else None


@dataclass(frozen=True)
class InstitutionOwed:
    """One institution's dues, receipts and arrears over the years reckoned."""

    institution: MemberInstitution
    dues: list[Due]
    received_by_year: dict[int, Decimal]
    as_of: datetime.date

    @property
    def received_usd(self) -> Decimal:
        return calc.total(self.received_by_year.values())

    @property
    def due_by_currency(self) -> dict[str, Decimal]:
        dues: dict[str, Decimal] = {}
        for due in self.dues:
            dues[due.currency] = dues.get(due.currency, calc.ZERO) + due.amount
        return dues

    @property
    def missing_rates(self) -> list[tuple[str, datetime.date]]:
        """The (currency, month) of each rate the calculation lacks, in order."""
        return sorted({(d.currency, calc.month_of(d.due_on)) for d in self.dues if d.missing_rate})

    @property
    def complete(self) -> bool:
        return not any(d.missing_rate for d in self.dues)

    @property
    def due_usd(self) -> Decimal | None:
        if not self.complete:
            return None
        return calc.total(d.usd for d in self.dues)

    @property
    def balance_usd(self) -> Decimal | None:
        """Due minus received: negative is a credit."""
        due = self.due_usd
        return None if due is None else due - self.received_usd

    @property
    def ageing(self) -> calc.Ageing | None:
        """The arrears as of `as_of`, by the year they fell due; None without every rate."""
        if not self.complete:
            return None
        due_by_year: dict[int, Decimal] = {}
        for due in self.dues:
            if due.due_on <= self.as_of:
                due_by_year[due.year] = due_by_year.get(due.year, calc.ZERO) + due.usd
        return calc.age_arrears(
            due_by_year=due_by_year, received=self.received_usd, this_year=self.as_of.year
        )

    @property
    def arrears_usd(self) -> Decimal | None:
        ageing = self.ageing
        return None if ageing is None else ageing.total

    def years(self) -> list[dict]:
        """Per year: due per currency, due in US$, received (for statements)."""
        rows: dict[int, dict] = {}
        for due in self.dues:
            row = rows.setdefault(due.year, {"year": due.year, "dues": [], "received": calc.ZERO})
            row["dues"].append(due)
        for year, amount in self.received_by_year.items():
            rows.setdefault(year, {"year": year, "dues": [], "received": calc.ZERO})
            rows[year]["received"] = amount
        for row in rows.values():
            usd = [d.usd for d in row["dues"]]
            row["due_usd"] = None if None in usd else calc.total(usd)
        return [rows[year] for year in sorted(rows)]


@dataclass
class Totals:
    """Sums over institutions; due and arrears count only those with every rate known."""

    institutions: int = 0
    due_usd: Decimal = calc.ZERO
    received_usd: Decimal = calc.ZERO
    this_year: Decimal = calc.ZERO
    last_year: Decimal = calc.ZERO
    older: Decimal = calc.ZERO
    without_rate: int = 0  # institutions left out of due and arrears for want of a rate

    @property
    def arrears_usd(self) -> Decimal:
        return self.this_year + self.last_year + self.older

    def add(self, row: InstitutionOwed) -> None:
        self.institutions += 1
        self.received_usd += row.received_usd
        ageing = row.ageing
        if ageing is None:
            self.without_rate += 1
            return
        self.due_usd += row.due_usd
        self.this_year += ageing.this_year
        self.last_year += ageing.last_year
        self.older += ageing.older


@dataclass(frozen=True)
class Owed:
    as_of: datetime.date
    first_year: int
    last_year: int
    institutions: list[InstitutionOwed]
    by_country: dict[str, Totals]
    by_income_line: dict[str, dict[str, Decimal]]  # line -> {"due_usd", "received_usd"}
    total: Totals
    by_pk: dict[int, InstitutionOwed] = field(default_factory=dict)

    def of(self, institution: MemberInstitution) -> InstitutionOwed | None:
        return self.by_pk.get(institution.pk)


def _income_line_of(institution: MemberInstitution) -> str:
    if institution.country_id == HOST_COUNTRY_CODE:
        return IncomeLine.HOST_COUNTRY
    return IncomeLine.OTHER_COUNTRIES


def rates_for(pairs: set[tuple[str, datetime.date]]) -> dict[tuple[str, datetime.date], Decimal]:
    """The rates of exchange of these (currency, month) pairs that are known (one query)."""
    if not pairs:
        return {}
    wanted = ExchangeRate.objects.filter(
        currency__in={c for c, _m in pairs}, month__in={m for _c, m in pairs}
    ).values_list("currency", "month", "units_per_usd")
    return {(c, m): rate for c, m, rate in wanted if (c, m) in pairs}


def owed(
    *,
    first_year: int,
    last_year: int,
    as_of: datetime.date | None = None,
    institutions: QuerySet[MemberInstitution] | None = None,
) -> Owed:
    """What every institution (or those of `institutions`) owes for the years first–last."""
    as_of = as_of or timezone.localdate()
    first_day, last_day = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
    agreements = ContributionAgreement.objects.filter(
        starts_on__lte=last_day, ends_on__gte=first_day
    ).select_related("institution__country")
    received = Contribution.objects.filter(
        stage=Contribution.Stage.RECEIVED,
        institution__isnull=False,
        date__gte=first_day,
        date__lte=last_day,
    )
    if institutions is not None:
        scope = institutions.order_by().values("pk")
        agreements = agreements.filter(institution__in=scope)
        received = received.filter(institution__in=scope)

    # The rates each agreement needs come with it: that of the month it starts (its first
    # year's due date) and that of January of each later year.
    def rate(**month) -> Subquery:
        return Subquery(
            ExchangeRate.objects.filter(currency=OuterRef("currency"), **month).values(
                "units_per_usd"
            )[:1]
        )

    agreements = agreements.annotate(
        start_month=TruncMonth("starts_on", output_field=DateField())
    ).annotate(
        rate_at_start=rate(month=OuterRef("start_month")),
        **{
            f"rate_in_{year}": rate(month=datetime.date(year, 1, 1))
            for year in range(first_year, last_year + 1)
        },
    )
    agreements = list(agreements.order_by("institution_id", "starts_on", "pk"))

    dues: list[Due] = []
    for agreement in agreements:
        for year in range(
            max(agreement.starts_on.year, first_year), min(agreement.ends_on.year, last_year) + 1
        ):
            due_on = calc.due_date(year=year, starts_on=agreement.starts_on)
            conversion = None
            rate = (
                agreement.rate_at_start
                if due_on == agreement.starts_on
                else getattr(agreement, f"rate_in_{year}")
            )
            if agreement.currency != calc.USD and rate is not None:
                conversion = calc.to_usd(
                    amount=agreement.annual_amount,
                    currency=agreement.currency,
                    rate=rate,
                    month=calc.month_of(due_on),
                )
            dues.append(
                Due(
                    agreement, year, due_on, agreement.annual_amount, agreement.currency, conversion
                )
            )

    # One aggregate by institution, year and income line serves both the rows and the lines.
    received_rows = (
        received.annotate(year=ExtractYear("date"))
        .values("institution", "year", "income_line")
        .annotate(total=Coalesce(Sum("amount_usd"), Decimal(0)))
        .order_by()
    )
    received_by: dict[int, dict[int, Decimal]] = {}
    received_by_line = dict.fromkeys(IncomeLine.values, calc.ZERO)
    for row in received_rows:
        years = received_by.setdefault(row["institution"], {})
        amount = calc.cents(row["total"])
        years[row["year"]] = years.get(row["year"], calc.ZERO) + amount
        received_by_line[row["income_line"]] += amount

    known = {a.institution_id: a.institution for a in agreements}
    others = set(received_by) - set(known)
    if others:
        known.update(
            {
                i.pk: i
                for i in MemberInstitution.objects.filter(pk__in=others).select_related("country")
            }
        )
    dues_of: dict[int, list[Due]] = {}
    for due in dues:
        dues_of.setdefault(due.agreement.institution_id, []).append(due)

    rows = sorted(
        (
            InstitutionOwed(
                institution=institution,
                dues=dues_of.get(pk, []),
                received_by_year=received_by.get(pk, {}),
                as_of=as_of,
            )
            for pk, institution in known.items()
        ),
        key=lambda r: (r.institution.country.name, r.institution.acronym, r.institution.pk),
    )
    total = Totals()
    by_country: dict[str, Totals] = {}
    for row in rows:
        total.add(row)
        by_country.setdefault(row.institution.country.name, Totals()).add(row)

    by_line = {
        line: {"due_usd": calc.ZERO, "received_usd": calc.ZERO} for line in IncomeLine.values
    }
    for row in rows:
        if row.due_usd is not None:
            by_line[_income_line_of(row.institution)]["due_usd"] += row.due_usd
    for line in IncomeLine.values:
        by_line[line]["received_usd"] = received_by_line[line]
    return Owed(
        as_of=as_of,
        first_year=first_year,
        last_year=last_year,
        institutions=rows,
        by_country=by_country,
        by_income_line=by_line,
        total=total,
        by_pk={row.institution.pk: row for row in rows},
    )


def owed_in_biennium(biennium, *, as_of=None, institutions=None) -> Owed:
    """`owed` over the two years of a biennium."""
    return owed(
        first_year=biennium.start_year,
        last_year=biennium.end_year,
        as_of=as_of,
        institutions=institutions,
    )
