"""All money arithmetic of the appendices, as pure functions over Decimal.

Pages, the reconciliation, the figures bound into paragraphs and the documents all call these;
none of them adds up money on its own.
"""

from collections.abc import Iterable
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


# Contributions against the budget: what came in, what an agreement makes due, what is owed.

USD = "USD"


def received_difference(*, forecast: Decimal, received: Decimal) -> Decimal:
    """Received minus forecast for an income line; negative while money is still to come."""
    return received - forecast


def agreement_years_within(
    *, agreement_first_year: int, agreement_last_year: int, first_year: int, last_year: int
) -> int:
    """How many years of a biennium an agreement is in force on at least one day.

    Paragraph 26: agreements formalize the payment of *yearly* contributions, so an agreement
    covering part of a year makes that year's contribution due.
    """
    first = max(agreement_first_year, first_year)
    last = min(agreement_last_year, last_year)
    return max(last - first + 1, 0)


def amount_due(*, annual_amount: Decimal, years: int) -> Decimal:
    """An agreement's annual amount times the years it covers, in the agreement's currency."""
    return annual_amount * years


def still_owed(*, due: Decimal, paid: Decimal) -> Decimal:
    """What an institution still owes: due minus paid, never below zero."""
    return max(due - paid, ZERO)


def dues_by_currency(
    *, agreements: Iterable[tuple[Decimal, str, int, int]], first_year: int, last_year: int
) -> dict[str, Decimal]:
    """What agreements make due in a biennium, per currency.

    Each agreement is (annual amount, currency, its first year, its last year).
    """
    dues: dict[str, Decimal] = {}
    for annual_amount, currency, agreement_first_year, agreement_last_year in agreements:
        years = agreement_years_within(
            agreement_first_year=agreement_first_year,
            agreement_last_year=agreement_last_year,
            first_year=first_year,
            last_year=last_year,
        )
        due = amount_due(annual_amount=annual_amount, years=years)
        dues[currency] = dues.get(currency, ZERO) + due
    return dues


def owed_in_usd(*, dues: dict[str, Decimal], paid_usd: Decimal) -> Decimal | None:
    """Still owed in US$; None when an agreement is in another currency, as no rate is known."""
    if set(dues) - {USD}:
        return None
    return still_owed(due=dues.get(USD, ZERO), paid=paid_usd)
