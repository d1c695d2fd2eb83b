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
