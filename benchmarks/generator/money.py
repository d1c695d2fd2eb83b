"""Money: contributions to a biennium (72×N), and the appendices of the generated bienniums."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from budget.models import (
    Budget,
    BudgetPhase,
    Contribution,
    IncomeEstimate,
    IncomeLine,
    Subprogramme,
)
from members.models import MemberInstitution
from programme.models import Biennium

from .. import network
from .members import CENT, to_local
from .rows import at, day_in, insert

# At 1×, a biennium counts 72 contributions: each of the 17 paying institutions pledges and
# pays (or commits) its contribution in each of the two years (68), and four more come from
# the ILO and the host country (or, for every further N, other funders).
CONTRIBUTIONS_PER_PAYER = 4
OTHERS_PER_UNIT = 4
REAL_CONTRIBUTIONS = 17 * CONTRIBUTIONS_PER_PAYER + OTHERS_PER_UNIT

# Appendix I of 2020–21 (proposed), the pattern every generated biennium's figures follow.
INCOME_2020_21 = {
    IncomeLine.ILO: Decimal("2462895"),
    IncomeLine.HOST_COUNTRY: Decimal("100000"),
    IncomeLine.OTHER_COUNTRIES: Decimal("500000"),
    IncomeLine.OTHER_CONTRIBUTIONS: Decimal("280000"),
    IncomeLine.PUBLICATIONS: Decimal("30000"),
    IncomeLine.MISCELLANEOUS: Decimal("15000"),
}
SUBPROGRAMMES = (  # name, share of expenditure, professional and general service months
    ("Programme implementation", Decimal("0.24"), 24, 48),
    ("Knowledge management", Decimal("0.31"), 0, 144),
    ("Printing services and other contributions", Decimal("0.06"), 0, 0),
    ("Administration, finance and human resources", Decimal("0.17"), 0, 72),
    ("Management", Decimal("0.22"), 24, 24),
)


@dataclass(frozen=True)
class Payer:
    institution: MemberInstitution
    annual_amount: Decimal  # in the institution's currency
    currency: str


def _usd(amount: Decimal, currency_country: str) -> Decimal:
    return (amount / network.COUNTRY[currency_country].per_usd).quantize(CENT)


def _other_contributions(rng, biennium: Biennium, unit: int, ilo: Decimal) -> list[Contribution]:
    rows = []
    for year in (biennium.start_year, biennium.end_year):
        first, last = datetime.date(year, 1, 1), datetime.date(year, 11, 30)
        if unit == 0:
            host = Decimal(rng.randrange(45_000, 55_000))
            rows += [
                Contribution(payer="ilo", payer_name="ILO", income_line=IncomeLine.ILO,
                             amount=(ilo / 2).quantize(CENT), currency="USD",
                             amount_usd=(ilo / 2).quantize(CENT)),
                Contribution(payer="host_country", payer_name="Government of Uruguay",
                             income_line=IncomeLine.HOST_COUNTRY, amount=to_local(host, "UY"),
                             currency="UYU", amount_usd=host),
            ]  # fmt: skip
        else:
            for _ in range(OTHERS_PER_UNIT // 2):
                usd = Decimal(rng.randrange(10_000, 90_000))
                rows.append(
                    Contribution(payer="other", payer_name=rng.choice(network.OTHER_FUNDERS),
                                 income_line=IncomeLine.OTHER_CONTRIBUTIONS, amount=usd,
                                 currency="USD", amount_usd=usd)
                )  # fmt: skip
        for row in rows[-2:]:
            row.date = day_in(rng, first, last)
    for row in rows:
        row.biennium, row.stage = biennium, Contribution.Stage.RECEIVED
    return rows


def add_contributions(
    *, rng: random.Random, biennium: Biennium, payers: list[Payer], scale: int, user
) -> int:
    """72×N contributions to a biennium: 17×N payers' pledges and payments, and the others."""
    rows = []
    ilo = INCOME_2020_21[IncomeLine.ILO] * _growth(biennium.start_year)
    for payer in payers:
        country = payer.institution.country_id
        for year in (biennium.start_year, biennium.end_year):
            pledged = day_in(rng, datetime.date(year, 1, 10), datetime.date(year, 3, 31))
            paid = day_in(rng, datetime.date(year, 4, 1), datetime.date(year, 12, 15))
            for stage, day in (
                (Contribution.Stage.PLEDGED, pledged),
                (rng.choice((Contribution.Stage.RECEIVED,) * 4 + (Contribution.Stage.COMMITTED,)), paid),
            ):  # fmt: skip
                rows.append(
                    Contribution(
                        biennium=biennium, payer="member_institution",
                        institution=payer.institution, stage=stage, date=day,
                        amount=payer.annual_amount, currency=payer.currency,
                        amount_usd=_usd(payer.annual_amount, country),
                        income_line=IncomeLine.OTHER_COUNTRIES,
                    )
                )  # fmt: skip
    for unit in range(scale):
        rows += _other_contributions(rng, biennium, unit, ilo)
    insert(rows, user=user, when=lambda c: at(c.date))
    return len(rows)


def payers_for(rng: random.Random, institutions, *, year: int, count: int) -> list[Payer]:
    """`count` institutions that were members by `year`, with a yearly amount each."""
    members = [i for i in institutions if (i.member_since or 1964) <= year] or list(institutions)
    chosen = rng.sample(members, count) if len(members) >= count else rng.choices(members, k=count)
    payers = []
    for institution in chosen:
        usd = Decimal(rng.randrange(5_000, 40_000)) * _growth(year)
        payers.append(
            Payer(institution, to_local(usd.quantize(CENT), institution.country_id),
                  network.COUNTRY[institution.country_id].currency)
        )  # fmt: skip
    return payers


def _growth(year: int) -> Decimal:
    """Figures shrink by 3 % a biennium going back from 2020–21, roughly as the ILO's did."""
    return Decimal("0.97") ** ((2020 - year) // 2)


def add_budgets(
    *, rng: random.Random, biennium: Biennium, brought_forward: Decimal, user
) -> Decimal:
    """The four phases of a past biennium's Appendix I; returns the funds it carried forward.

    Proposed and approved bring forward what the previous biennium expected to carry forward;
    Appendix II's subprogrammes add up to line D, as the reconciliation requires.
    """
    growth = _growth(biennium.start_year)
    budgets, income, lines_d = [], [], {}
    figures = {
        line: (amount * growth).quantize(Decimal(1)) for line, amount in INCOME_2020_21.items()
    }
    carried = brought_forward
    for phase in (
        BudgetPhase.PROPOSED,
        BudgetPhase.APPROVED,
        BudgetPhase.ANTICIPATED,
        BudgetPhase.EXECUTED,
    ):
        figures = {
            line: (v * Decimal(rng.randrange(95, 106)) / 100).quantize(Decimal(1))
            for line, v in figures.items()
        }
        available = brought_forward + sum(figures.values())
        expenditure = (available * Decimal(rng.randrange(72, 86)) / 100).quantize(Decimal(1))
        budget = Budget(biennium=biennium, phase=phase, funds_brought_forward=brought_forward,
                        total_expenditure=expenditure)  # fmt: skip
        budgets.append(budget)
        income.append(figures)
        lines_d[phase] = expenditure
        if phase == BudgetPhase.ANTICIPATED:
            carried = available - expenditure
    written = _dated(biennium)
    insert(budgets, user=user, when=lambda b: written[b.phase])
    insert(
        [IncomeEstimate(budget=b, line=line, amount=amount)
         for b, figures in zip(budgets, income, strict=True) for line, amount in figures.items()],
        user=user, when=lambda e: written[e.budget.phase],
    )  # fmt: skip
    subprogrammes = []
    for budget in budgets[:2]:  # Appendix II is printed for the proposed and approved budgets
        total, rows = budget.total_expenditure, []
        for position, (name, share, professional, general) in enumerate(SUBPROGRAMMES, start=1):
            cost = (total * share).quantize(Decimal(1))
            staff = (
                (cost * Decimal("0.8")).quantize(Decimal(1))
                if professional or general
                else Decimal(0)
            )
            rows.append(Subprogramme(budget=budget, position=position, name={"en": name},
                                     professional_months=professional, general_service_months=general,
                                     staff_cost=staff, non_staff_cost=cost - staff))  # fmt: skip
        rows[-1].non_staff_cost += total - sum(r.staff_cost + r.non_staff_cost for r in rows)
        subprogrammes += rows
    insert(subprogrammes, user=user, when=lambda s: written[s.budget.phase])
    return carried


def _dated(biennium: Biennium) -> dict[str, datetime.datetime]:
    """When each phase's figures were entered: proposed and approved the year before, and so on."""
    start = biennium.start_year
    return {
        BudgetPhase.PROPOSED: at(datetime.date(start - 1, 9, 15)),
        BudgetPhase.APPROVED: at(datetime.date(start - 1, 11, 20)),
        BudgetPhase.ANTICIPATED: at(datetime.date(start + 1, 9, 15)),
        BudgetPhase.EXECUTED: at(datetime.date(start + 2, 3, 31)),
    }
