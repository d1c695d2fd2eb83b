"""Received against forecast, per institution: a page at a time, sorted, filtered, totalled."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import calculations as calc
from budget import selectors
from budget.models import Contribution
from members.models import ContributionAgreement, Country, MemberInstitution

D = Decimal
FORECAST = "/bienniums/2020-21/budget/forecast/"


@pytest.fixture
def finance_client(client, finance):
    client.force_login(finance)
    return client


def institutions_owing(biennium, count: int, *, start: int = 0) -> None:
    """`count` institutions in bulk, each with an agreement and some money received."""
    country = Country.objects.order_by("code").first()
    made = MemberInstitution.objects.bulk_create(
        MemberInstitution(
            name=f"Bulk institute {n}", acronym=f"BULK{n:04d}", country=country, kind="other"
        )
        for n in range(start, start + count)
    )
    ContributionAgreement.objects.bulk_create(
        ContributionAgreement(
            institution=institution,
            signed_on=datetime.date(2019, 1, 1),
            starts_on=datetime.date(2019 + n % 3, 6, 1),
            ends_on=datetime.date(2021 + n % 2, 6, 30),
            annual_amount=D(1000 + 7 * n) + D("0.25"),
            currency="UYU" if n % 11 == 0 else "USD",
        )
        for n, institution in enumerate(made, start=start)
    )
    Contribution.objects.bulk_create(
        Contribution(
            biennium=biennium,
            payer="member_institution",
            institution=institution,
            stage="received" if n % 5 else "pledged",
            date=datetime.date(2020, 1, 1),
            amount=D(300 * (n % 9)) + D("0.10"),
            currency="USD",
            amount_usd=D(300 * (n % 9)) + D("0.10"),
            income_line="other_countries",
        )
        for n, institution in enumerate(made, start=start)
        for _twice in range(2)
    )


def python_totals(biennium) -> tuple[Decimal, Decimal, Decimal]:
    """The same totals summed row by row in Python, with budget.calculations."""
    due = paid = owed = calc.ZERO
    agreements = selectors.agreements_in_force_during(biennium)
    for institution in MemberInstitution.objects.filter(agreements__in=agreements).distinct():
        dues = calc.dues_by_currency(
            agreements=[
                (a.annual_amount, a.currency, a.starts_on.year, a.ends_on.year)
                for a in agreements.filter(institution=institution)
            ],
            first_year=biennium.start_year,
            last_year=biennium.end_year,
        )
        received = calc.total(
            c.amount_usd
            for c in institution.contributions.filter(biennium=biennium, stage="received")
        )
        paid += received
        still = calc.owed_in_usd(dues=dues, paid_usd=received)
        if still is not None:
            due += dues.get(calc.USD, calc.ZERO)
            owed += still
    return due, paid, owed


def shown(page: str) -> list[str]:
    return re.findall(r'data-institution="([^"]+)"', page)


def footer(page: str) -> tuple[str, str, str]:
    totals = page.split("data-balance-totals", 1)[1].split("</tr>", 1)[0]
    return tuple(
        re.search(rf"data-total-{name}>([^<]*)<", totals).group(1)
        for name in ("due", "paid", "owed")
    )


def test_the_totals_are_the_row_by_row_sums(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 60)

    totals = selectors.balance_totals(selectors.institution_balances(biennium=proposal_2020_21))

    due, paid, owed = python_totals(proposal_2020_21)
    assert (totals.due_usd, totals.paid_usd, totals.owed_usd) == (due, paid, owed)
    assert totals.institutions == 60
    page = finance_client.get(FORECAST).content.decode()
    assert footer(page) == tuple(f"{amount:,.2f}" for amount in (due, paid, owed))


def test_each_row_agrees_with_the_calculations(proposal_2020_21):
    institutions_owing(proposal_2020_21, 30)
    institutions = selectors.institution_balances(biennium=proposal_2020_21)
    for balance in selectors.balances_of(institutions, biennium=proposal_2020_21):
        paid = calc.total(
            c.amount_usd
            for c in balance.institution.contributions.filter(
                biennium=proposal_2020_21, stage="received"
            )
        )
        dues = calc.dues_by_currency(
            agreements=[
                (a.annual_amount, a.currency, a.starts_on.year, a.ends_on.year)
                for a in balance.agreements
            ],
            first_year=2020,
            last_year=2021,
        )
        assert balance.paid_usd == paid
        assert balance.owed_usd == calc.owed_in_usd(dues=dues, paid_usd=paid)


def test_the_institutions_are_paginated(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 30)
    first = finance_client.get(FORECAST).content.decode()
    second = finance_client.get(FORECAST + "?page=2").content.decode()
    assert len(shown(first)) == 25 and len(shown(second)) == 5
    assert "Page 2 of 2" in second
    assert footer(first) == footer(second)  # the totals cover every page


def test_the_institutions_sort_by_each_column_either_way(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 12)
    rows = {
        b.institution.acronym: b
        for b in selectors.balances_of(
            selectors.institution_balances(biennium=proposal_2020_21), biennium=proposal_2020_21
        )
    }
    assert shown(finance_client.get(FORECAST + "?sort=institution").content.decode()) == sorted(
        rows
    )
    assert shown(finance_client.get(FORECAST + "?sort=-institution").content.decode()) == sorted(
        rows, reverse=True
    )
    for key, value in (("due", "due_usd"), ("received", "paid_usd"), ("arrears", "owed_usd")):
        listed = shown(finance_client.get(f"{FORECAST}?sort=-{key}").content.decode())
        amounts = [getattr(rows[acronym], value) for acronym in listed]
        known = [amount for amount in amounts if amount is not None]
        assert known == sorted(known, reverse=True), key
        assert amounts[len(known) :] == [None] * (len(amounts) - len(known))  # unknown last


def test_the_institutions_filter_by_search_country_and_arrears(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 12)
    assert shown(finance_client.get(FORECAST + "?q=bulk0003").content.decode()) == ["BULK0003"]
    other = Country.objects.exclude(pk=MemberInstitution.objects.get(acronym="BULK0003").country_id)
    page = finance_client.get(f"{FORECAST}?country={other.first().pk}").content.decode()
    assert shown(page) == [] and "No institution matches." in page
    owing = shown(finance_client.get(FORECAST + "?arrears=on").content.decode())
    balances = selectors.balances_of(
        selectors.institution_balances(biennium=proposal_2020_21), biennium=proposal_2020_21
    )
    assert sorted(owing) == sorted(
        b.institution.acronym for b in balances if b.owed_usd is not None and b.owed_usd > 0
    )
    assert owing


def measured(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("query", ["", "?sort=-arrears&arrears=on", "?q=bulk&sort=due&page=2"])
def test_the_page_takes_the_same_queries_for_10_and_300_institutions(
    finance_client, proposal_2020_21, query
):
    institutions_owing(proposal_2020_21, 10)
    finance_client.get(FORECAST)  # warm what a first request caches
    small, few = measured(finance_client, FORECAST + query)
    institutions_owing(proposal_2020_21, 290, start=10)
    large, many = measured(finance_client, FORECAST + query)
    assert many == few <= 15
    # The page holds at most one page of rows, whatever the register's size.
    assert len(shown(large.content.decode())) <= 25
    assert len(large.content) < 300_000
