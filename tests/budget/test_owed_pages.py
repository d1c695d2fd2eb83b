"""The pages read the one calculation of what is owed; the network's counts, both ways."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import Contribution, ExchangeRate, IncomeLine
from budget.owed import owed_in_biennium
from budget.reconciliation import reconcile
from members.models import ContributionAgreement, MemberInstitution
from tests.budget.test_owed import many
from tests.factories import finance_user

D = Decimal
pytestmark = pytest.mark.django_db
FORECAST = "/bienniums/2020-21/budget/forecast/"
STATEMENTS = "/bienniums/2020-21/budget/statements/"
NETWORK = "/bienniums/2020-21/budget/network/"


@pytest.fixture
def finance_client(client, finance):
    client.force_login(finance)
    return client


@pytest.fixture
def in_pesos_and_dollars(proposal_2020_21):
    """Three institutions of the shipped register: one in UYU with rates, one in US$, one in
    UYU for a month without a rate. The rates are examples, not UN figures."""
    by = finance_user()
    for month, units in (((2020, 1), "40"), ((2021, 1), "42")):
        ExchangeRate.objects.create(
            currency="UYU", month=datetime.date(*month, 1), units_per_usd=D(units), entered_by=by
        )
    first, second, third = MemberInstitution.objects.order_by("pk")[:3]
    for who, currency, amount, starts in (
        (first, "UYU", "400000", datetime.date(2020, 1, 1)),
        (second, "USD", "5000", datetime.date(2020, 1, 1)),
        (third, "UYU", "100000", datetime.date(2020, 7, 1)),  # no rate for July 2020
    ):
        ContributionAgreement.objects.create(
            institution=who,
            signed_on=starts,
            starts_on=starts,
            ends_on=datetime.date(2021, 12, 31),
            annual_amount=D(amount),
            currency=currency,
        )
        Contribution.objects.create(
            biennium=proposal_2020_21,
            payer="member_institution",
            institution=who,
            stage="received",
            date=datetime.date(2020, 9, 1),
            amount=D("1000"),
            amount_usd=D("1000"),
            income_line=IncomeLine.OTHER_COUNTRIES,
        )
    return first, second, third


def footer(page: str) -> tuple[str, str, str]:
    totals = page.split("data-balance-totals", 1)[1].split("</tr>", 1)[0]
    return tuple(
        re.search(rf"data-total-{name}>([^<]*)<", totals).group(1)
        for name in ("due", "paid", "owed")
    )


def test_the_forecast_pages_totals_equal_the_calculations(
    finance_client, proposal_2020_21, in_pesos_and_dollars
):
    totals = owed_in_biennium(proposal_2020_21).totals()
    # By hand: UYU 400,000 at 40 and at 42 = 10,000.00 + 9,523.81; US$ 5,000 twice.
    assert totals.due_usd == D("10000.00") + D("9523.81") + D("10000.00")
    assert totals.received_usd == D("3000.00")
    assert totals.without_rate == 1

    page = finance_client.get(FORECAST).content.decode()

    assert footer(page) == tuple(
        f"{amount:,.2f}" for amount in (totals.due_usd, totals.received_usd, totals.arrears_usd)
    )
    assert "No rate of exchange for UYU in 2020-07" in page


def test_the_statements_page_shows_the_same_rows_and_ageing(
    finance_client, proposal_2020_21, in_pesos_and_dollars
):
    first, _second, _third = in_pesos_and_dollars
    row = owed_in_biennium(proposal_2020_21).of(first)
    assert row.ageing.older > 0

    page = finance_client.get(STATEMENTS).content.decode()

    shown = page.split(f'data-institution="{first.acronym}"', 1)[1].split("</tr>", 1)[0]
    assert f"{row.due_usd:,.2f}" in shown and f"{row.ageing.older:,.2f}" in shown


def test_the_network_page_shows_both_counts_and_reconciliation_reports_a_difference(
    finance_client, proposal_2020_21
):
    page = finance_client.get(NETWORK).content.decode()
    register = MemberInstitution.objects.filter(active=True).count()
    assert f"data-register>{register}<" in page
    assert f"data-stated>{proposal_2020_21.reported_member_institutions}<" in page
    # Until the register is complete its lower counts are expected, not a finding.
    assert not [f for f in reconcile(proposal_2020_21) if "register holds" in f.message]

    finance_client.post(NETWORK, {"complete": "on"})

    proposal_2020_21.refresh_from_db()
    assert proposal_2020_21.register_complete
    found = [str(f) for f in reconcile(proposal_2020_21) if "register holds" in f.message]
    assert (
        f"the proposal states {proposal_2020_21.reported_member_institutions} member "
        f"institutions; the register holds {register}."
    ) in " ".join(found)


def test_the_statements_page_takes_the_same_queries_for_10_and_300_institutions(
    finance_client, proposal_2020_21
):
    def measured() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert finance_client.get(STATEMENTS).status_code == 200
        return len(queries)

    many(10, start=0, biennium=proposal_2020_21, year=2020)
    few = measured()
    many(290, start=10, biennium=proposal_2020_21, year=2020)
    assert measured() == few
