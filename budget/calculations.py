"""All money arithmetic of the appendices, as pure functions over Decimal.

Pages, the reconciliation, the figures bound into paragraphs and the documents all call these;
none of them adds up money on its own.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
WHOLE = Decimal(1)
MONTHS_PER_YEAR = 12


def total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def total_funds_available(*, brought_forward: Decimal, total_income: Decimal) -> Decimal:
    """Appendix I: C = A + B (total income)."""
    return brought_forward + total_income


def funds_carried_forward(*, funds_available: Decimal, expenditure: Decimal) -> Decimal:
    """Appendix I: E = C − D."""
    return funds_available - expenditure


def subprogramme_total(*, staff_cost: Decimal, non_staff_cost: Decimal) -> Decimal:
    """Appendix II: a row's total is its staff plus its non-staff cost."""
    return staff_cost + non_staff_cost


def change(*, current: Decimal, previous: Decimal) -> Decimal:
    """Paragraph 24: the change of a figure against the previous biennium."""
    return current - previous


def per_year(amount: Decimal) -> Decimal:
    """Paragraph 25: a biennial amount spread over its two years."""
    return amount / 2


def share_percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """Part as a percentage of whole, unrounded; None when the whole is zero or unknown."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def whole_dollars(amount: Decimal) -> Decimal:
    """The one rounding rule: whole dollars, halves away from zero, as the document prints."""
    return amount.quantize(WHOLE, rounding=ROUND_HALF_UP)


def work_years_months(months: int) -> tuple[int, int]:
    """Work in months as (years, months), as Appendix II prints 2/00."""
    return divmod(months, MONTHS_PER_YEAR)


# Contributions against the budget: what came in against the forecast.

USD = "USD"


def received_difference(*, forecast: Decimal, received: Decimal) -> Decimal:
    """Received minus forecast for an income line; negative while money is still to come."""
    return received - forecast


# What is owed: conversions at a stated rate, and arrears aged by the year they fell due.

CENTS = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """The one rounding rule for stored and converted money: cents, halves away from zero.

    budget.owed applies the same rule in SQL (ROUND(…, 2) of each converted due), and reads
    every figure the database returns through this function."""
    return Decimal(amount).quantize(CENTS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Conversion:
    """An amount turned into US$, with the rate (units per US$) and the month it used."""

    amount: Decimal
    currency: str
    rate: Decimal
    month: datetime.date
    usd: Decimal


def to_usd(*, amount: Decimal, currency: str, rate: Decimal, month: datetime.date) -> Conversion:
    """`amount` of `currency` in US$ at `rate` units per US$ (the rate of `month`)."""
    if rate <= 0:
        raise ValueError("a rate of exchange is positive")
    return Conversion(amount, currency, rate, month, cents(amount / rate))


def month_of(day: datetime.date) -> datetime.date:
    """The month a day belongs to, as its first day (how rates are keyed)."""
    return day.replace(day=1)


def due_date(*, year: int, starts_on: datetime.date) -> datetime.date:
    """When an agreement's contribution for `year` falls due: 1 January, or the day the
    agreement starts if it starts during that year (paragraph 26: yearly contributions)."""
    return max(datetime.date(year, 1, 1), starts_on)


@dataclass(frozen=True)
class Ageing:
    """Arrears split by the year they fell due, against the year of reckoning."""

    this_year: Decimal = ZERO
    last_year: Decimal = ZERO
    older: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.this_year + self.last_year + self.older
