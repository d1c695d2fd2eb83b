"""The dues behind a few rows of what is owed (a page, a statement): each agreement's due for
each year with the rate of exchange it was converted at, and the rates missing.

budget.owed computes the figures; this lists what they are made of, for the rows shown.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from members.models import ContributionAgreement

from . import calculations as calc
from .models import ExchangeRate


@dataclass(frozen=True)
class Due:
    """One agreement's contribution for one year, with the conversion the calculation made."""

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


def dues_of(
    institution_ids: Iterable[int], *, first_year: int, last_year: int
) -> dict[int, list[Due]]:
    """The dues of a few institutions (a page, a statement), each year's with its rate.

    Two queries: the agreements in force, and the rates of the months they fall due.
    """
    first_day, last_day = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
    agreements = list(
        ContributionAgreement.objects.filter(
            institution_id__in=list(institution_ids),
            starts_on__lte=last_day,
            ends_on__gte=first_day,
        ).order_by("institution_id", "starts_on", "pk")
    )
    wanted = []
    for agreement in agreements:
        for year in range(
            max(agreement.starts_on.year, first_year), min(agreement.ends_on.year, last_year) + 1
        ):
            wanted.append(
                (agreement, year, calc.due_date(year=year, starts_on=agreement.starts_on))
            )
    # Every rate of the years (a few currencies × their months): one query, however many rows.
    known = {
        (currency, month): units
        for currency, month, units in ExchangeRate.objects.filter(
            month__gte=first_day, month__lte=last_day
        ).values_list("currency", "month", "units_per_usd")
    }
    dues: dict[int, list[Due]] = {}
    for agreement, year, due_on in wanted:
        rate = known.get((agreement.currency, calc.month_of(due_on)))
        conversion = None
        if agreement.currency != calc.USD and rate is not None:
            conversion = calc.to_usd(
                amount=agreement.annual_amount,
                currency=agreement.currency,
                rate=rate,
                month=calc.month_of(due_on),
            )
        dues.setdefault(agreement.institution_id, []).append(
            Due(agreement, year, due_on, agreement.annual_amount, agreement.currency, conversion)
        )
    return dues


def missing_rates(dues: Iterable[Due]) -> list[tuple[str, datetime.date]]:
    """The (currency, month) of each rate the calculation lacks, in order."""
    return sorted({(d.currency, calc.month_of(d.due_on)) for d in dues if d.missing_rate})
