"""Received against forecast, per institution: a page at a time, sorted, filtered, totalled."""

import csv
import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budget import calculations as calc
from budget import selectors
from budget.models import Contribution, ExchangeRate
from members.models import ContributionAgreement, Country, MemberInstitution
from tests.factories import created_in_bulk, finance_user

D = Decimal
FORECAST = "/bienniums/2020-21/budget/forecast/"


@pytest.fixture
def finance_client(client, finance):
    client.force_login(finance)
    return client


def institutions_owing(biennium, count: int, *, start: int = 0) -> None:
    """`count` institutions in bulk, each with an agreement and some money received."""
    country = Country.objects.order_by("code").first()
    made = created_in_bulk(
        MemberInstitution,
        [
            MemberInstitution(
                name=f"Bulk institute {n}", acronym=f"BULK{n:04d}", country=country, kind="other"
            )
            for n in range(start, start + count)
        ],
    )
    created_in_bulk(
        ContributionAgreement,
        [
            ContributionAgreement(
                institution=institution,
                signed_on=datetime.date(2019, 1, 1),
                starts_on=datetime.date(2019 + n % 3, 6, 1),
                ends_on=datetime.date(2021 + n % 2, 6, 30),
                annual_amount=D(1000 + 7 * n) + D("0.25"),
                currency="UYU" if n % 11 == 0 else "USD",
            )
            for n, institution in enumerate(made, start=start)
        ],
    )
    created_in_bulk(
        Contribution,
        [
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
        ],
    )


def with_pesos(biennium) -> MemberInstitution:
    """A Chilean institution with a two-year agreement in pesos, the rates it needs, a payment.
    The rates are examples, not UN figures."""
    country = Country.objects.get_or_create(code="CL", defaults={"name": "Chile"})[0]
    inacap = MemberInstitution.objects.create(
        name="INACAP", acronym="AAPESOS", country=country, kind="other"
    )
    ContributionAgreement.objects.create(
        institution=inacap,
        signed_on=datetime.date(2019, 11, 1),
        starts_on=datetime.date(2020, 3, 15),
        ends_on=datetime.date(2021, 12, 31),
        annual_amount=D("7500000.00"),
        currency="CLP",
    )
    for month, units in (((2020, 3), "800.5"), ((2021, 1), "730.25")):
        ExchangeRate.objects.create(
            currency="CLP",
            month=datetime.date(*month, 1),
            units_per_usd=D(units),
            entered_by=finance_user(),
        )
    Contribution.objects.create(
        biennium=biennium,
        payer="member_institution",
        institution=inacap,
        stage="received",
        date=datetime.date(2020, 8, 1),
        amount=D("4000.00"),
        amount_usd=D("4000.00"),
        income_line="other_countries",
    )
    return inacap


def independently(institution, *, first_year=2020, last_year=2021):
    """One institution's due, received and arrears, worked straight from its rows in Python."""
    today = timezone.localdate()
    rates = {(r.currency, r.month): r.units_per_usd for r in ExchangeRate.objects.all()}
    due_by_year, missing = {}, False
    for agreement in institution.agreements.all():
        for year in range(first_year, last_year + 1):
            if agreement.starts_on > datetime.date(year, 12, 31):
                continue
            if agreement.ends_on < datetime.date(year, 1, 1):
                continue
            due_on = max(agreement.starts_on, datetime.date(year, 1, 1))
            if agreement.currency == "USD":
                usd = agreement.annual_amount
            else:
                rate = rates.get((agreement.currency, due_on.replace(day=1)))
                if rate is None:
                    missing = True
                    continue
                usd = (agreement.annual_amount / rate).quantize(D("0.01"), ROUND_HALF_UP)
            if due_on <= today:
                due_by_year[year] = due_by_year.get(year, D(0)) + usd
            due_by_year.setdefault(("all", year), D(0))
            due_by_year[("all", year)] += usd
    received = sum(
        (
            c.amount_usd
            for c in institution.contributions.filter(
                stage="received",
                date__gte=datetime.date(first_year, 1, 1),
                date__lte=datetime.date(last_year, 12, 31),
            )
        ),
        D(0),
    )
    if missing:
        return None, received, None
    due = sum((v for k, v in due_by_year.items() if isinstance(k, tuple)), D(0))
    left, arrears = received, D(0)
    for year in sorted(k for k in due_by_year if not isinstance(k, tuple)):
        settled = min(left, due_by_year[year])
        left -= settled
        arrears += due_by_year[year] - settled
    return due, received, arrears


def shown(page: str) -> list[str]:
    return re.findall(r'data-institution="([^"]+)"', page)


def footer(page: str) -> tuple[str, str, str]:
    totals = page.split("data-balance-totals", 1)[1].split("</tr>", 1)[0]
    return tuple(
        re.search(rf"data-total-{name}>([^<]*)<", totals).group(1)
        for name in ("due", "paid", "owed")
    )


def all_rows(biennium, **filters):
    return selectors.institutions_owing(biennium=biennium, **filters)[0:None]


def test_the_totals_are_the_row_by_row_sums(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 60)
    inacap = with_pesos(proposal_2020_21)

    rows = all_rows(proposal_2020_21)
    complete = [row for row in rows if row.due_usd is not None]
    due = sum((row.due_usd for row in complete), D(0))
    paid = sum((row.received_usd for row in rows), D(0))
    owed = sum((row.arrears_usd for row in complete), D(0))
    totals = selectors.institutions_owing(biennium=proposal_2020_21).totals()
    assert (totals.due_usd, totals.received_usd, totals.arrears_usd) == (due, paid, owed)
    assert totals.institutions == len(rows) == 61
    assert totals.without_rate == len(rows) - len(complete) > 0  # UYU has no rate here
    assert inacap.pk in {row.institution_id for row in complete}
    page = finance_client.get(FORECAST).content.decode()
    assert footer(page) == tuple(f"{amount:,.2f}" for amount in (due, paid, owed))


def test_each_row_agrees_with_a_computation_from_its_own_rows(proposal_2020_21):
    institutions_owing(proposal_2020_21, 30)
    with_pesos(proposal_2020_21)
    for row in all_rows(proposal_2020_21):
        due, received, arrears = independently(row.institution)
        assert (row.due_usd, row.received_usd, row.arrears_usd) == (due, received, arrears)


def test_the_pesos_agreement_row_is_worked_by_hand(proposal_2020_21):
    inacap = with_pesos(proposal_2020_21)
    row = selectors.institutions_owing(
        biennium=proposal_2020_21, as_of=datetime.date(2021, 6, 30)
    ).of(inacap)
    # 7,500,000 / 800.5 = 9,369.1442… → 9,369.14 (due 15 March 2020, March's rate);
    # 7,500,000 / 730.25 = 10,270.4553… → 10,270.46 (due 1 January 2021).
    assert row.due_usd == D("9369.14") + D("10270.46")
    # 4,000 settle 2020 first: 5,369.14 of 2020 (last year) and all of 2021 (this year).
    assert row.ageing == calc.Ageing(
        this_year=D("10270.46"), last_year=D("5369.14"), older=D("0.00")
    )
    assert row.balance_usd == D("19639.60") - D("4000.00")


def test_the_institutions_are_paginated(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 30)
    first = finance_client.get(FORECAST).content.decode()
    second = finance_client.get(FORECAST + "?page=2").content.decode()
    assert len(shown(first)) == 25 and len(shown(second)) == 5
    assert "Page 2 of 2" in second
    assert footer(first) == footer(second)  # the totals cover every page


def test_the_institutions_sort_by_each_column_either_way(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 12)
    with_pesos(proposal_2020_21)
    rows = {row.acronym: row for row in all_rows(proposal_2020_21)}
    assert shown(finance_client.get(FORECAST + "?sort=institution").content.decode()) == sorted(
        rows
    )
    assert shown(finance_client.get(FORECAST + "?sort=-institution").content.decode()) == sorted(
        rows, reverse=True
    )
    for key, value in (
        ("due", "due_usd"),
        ("received", "received_usd"),
        ("arrears", "arrears_usd"),
    ):
        listed = shown(finance_client.get(f"{FORECAST}?sort=-{key}").content.decode())
        amounts = [getattr(rows[acronym], value) for acronym in listed]
        known = [amount for amount in amounts if amount is not None]
        assert known == sorted(known, reverse=True), key
        assert len(set(known)) > 1, key  # the order is not trivially true
        assert amounts[len(known) :] == [None] * (len(amounts) - len(known))  # unknown last


def test_the_institutions_filter_by_search_country_and_arrears(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 12)
    inacap = with_pesos(proposal_2020_21)
    assert shown(finance_client.get(FORECAST + "?q=bulk0003").content.decode()) == ["BULK0003"]
    page = finance_client.get(f"{FORECAST}?country=CL").content.decode()
    assert shown(page) == [inacap.acronym]
    owing = shown(finance_client.get(FORECAST + "?arrears=on&sort=-arrears").content.decode())
    rows = all_rows(proposal_2020_21)
    expected = [r for r in rows if r.arrears_usd is not None and r.arrears_usd > 0]
    expected.sort(key=lambda r: (-r.arrears_usd, r.acronym))
    assert owing == [r.acronym for r in expected][:25]
    assert 0 < len(owing) < len(rows)


def test_the_download_holds_the_pages_rows_under_its_filters(finance_client, proposal_2020_21):
    institutions_owing(proposal_2020_21, 40)
    with_pesos(proposal_2020_21)
    query = "?arrears=on&sort=-arrears"
    response = finance_client.get("/bienniums/2020-21/budget/forecast/download.csv" + query)
    download = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(download)))
    acronyms = [line[0] for line in lines[1:] if line]
    listed = all_rows(proposal_2020_21, in_arrears=True, sort="-arrears")
    assert acronyms == [r.acronym for r in listed]
    assert acronyms[:25] == shown(finance_client.get(FORECAST + query).content.decode())
    assert 0 < len(acronyms) < MemberInstitution.objects.filter(acronym__startswith="BULK").count()
    rows = {r.acronym: r for r in all_rows(proposal_2020_21, in_arrears=True)}
    first = lines[1]
    assert D(first[6].replace(",", "")) == rows[first[0]].arrears_usd


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
