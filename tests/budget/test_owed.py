"""What each institution owes (budget.owed, computed by the database): dues at the rate of
their due date, receipts, arrears aged."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import calculations as calc
from budget.dues import dues_of, missing_rates
from budget.models import Contribution, ExchangeRate, IncomeLine
from budget.owed import OwedQuery
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Biennium
from tests.factories import created_in_bulk, finance_user

D = Decimal
pytestmark = pytest.mark.django_db


def chile():
    return Country.objects.get_or_create(code="CL", defaults={"name": "Chile"})[0]


def institution(acronym="INACAPX", country=None):
    return MemberInstitution.objects.create(
        name=f"{acronym} institute", acronym=acronym, country=country or chile(), kind="other"
    )


def rate(currency, year, month, units):
    # Example rates for the test, not UN figures.
    return ExchangeRate.objects.create(
        currency=currency,
        month=datetime.date(year, month, 1),
        units_per_usd=D(units),
        entered_by=finance_user(),
    )


def received(who, on, usd, *, biennium, amount=None, currency="USD"):
    return Contribution.objects.create(
        biennium=biennium,
        payer="member_institution",
        institution=who,
        stage="received",
        date=on,
        amount=amount or usd,
        currency=currency,
        amount_usd=usd,
        income_line=IncomeLine.OTHER_COUNTRIES,
    )


def reckon(*, as_of):
    return OwedQuery(first_year=2024, last_year=2025, as_of=as_of)


@pytest.fixture
def biennium_2024_25():
    return Biennium.objects.get_or_create(start_year=2024, end_year=2025)[0]


def test_arrears_of_a_two_year_agreement_in_chilean_pesos_equal_the_hand_worked_figures(
    biennium_2024_25,
):
    senati = institution()
    ContributionAgreement.objects.create(
        institution=senati,
        signed_on=datetime.date(2023, 11, 2),
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        annual_amount=D("9000000.00"),
        currency="CLP",
    )
    rate("CLP", 2024, 1, "900")  # 9,000,000 / 900 = 10,000.00 US$ due on 1 January 2024
    rate("CLP", 2025, 1, "950")  # 9,000,000 / 950 = 9,473.684… → 9,473.68 US$ on 1 January 2025
    rate("CLP", 2025, 6, "1000")  # a later month's rate changes nothing already due
    received(senati, datetime.date(2024, 6, 15), D("6000.00"), biennium=biennium_2024_25)

    row = reckon(as_of=datetime.date(2025, 11, 30)).of(senati)
    dues = dues_of([senati.pk], first_year=2024, last_year=2025)[senati.pk]

    assert [(d.year, d.amount, d.conversion.rate, d.conversion.month, d.usd) for d in dues] == [
        (2024, D("9000000.00"), D("900"), datetime.date(2024, 1, 1), D("10000.00")),
        (2025, D("9000000.00"), D("950"), datetime.date(2025, 1, 1), D("9473.68")),
    ]
    assert row.due_usd == D("19473.68")
    assert row.received_usd == D("6000.00")
    # The 6,000 US$ settle 2024 first: 4,000 of 2024 (last year) and all of 2025 (this year).
    assert row.ageing == calc.Ageing(this_year=D("9473.68"), last_year=D("4000.00"), older=D(0))
    assert row.arrears_usd == D("13473.68")
    assert row.balance_usd == D("13473.68")


def test_a_due_without_a_rate_is_not_converted_and_names_the_missing_rate(biennium_2024_25):
    senati = institution()
    ContributionAgreement.objects.create(
        institution=senati,
        signed_on=datetime.date(2023, 11, 2),
        starts_on=datetime.date(2024, 3, 10),
        ends_on=datetime.date(2025, 12, 31),
        annual_amount=D("9000000.00"),
        currency="CLP",
    )
    rate("CLP", 2024, 3, "900")  # the agreement starts in March 2024: that month's rate

    result = reckon(as_of=datetime.date(2025, 11, 30))
    row = result.of(senati)
    dues = dues_of([senati.pk], first_year=2024, last_year=2025)[senati.pk]

    assert dues[0].usd == D("10000.00")
    assert dues[1].usd is None
    assert missing_rates(dues) == [("CLP", datetime.date(2025, 1, 1))]
    assert row.due_usd is None and row.arrears_usd is None and row.balance_usd is None
    assert result.totals().without_rate == 1 and result.totals().due_usd == D(0)


def test_arrears_age_into_this_year_last_year_and_older(biennium_2024_25):
    senati = institution()
    for first, last in ((2021, 2021), (2023, 2026)):
        ContributionAgreement.objects.create(
            institution=senati,
            signed_on=datetime.date(first - 1, 12, 1),
            starts_on=datetime.date(first, 1, 1),
            ends_on=datetime.date(last, 12, 31),
            annual_amount=D("100.00"),
        )
    received(senati, datetime.date(2022, 3, 1), D("150.00"), biennium=biennium_2024_25)

    row = OwedQuery(first_year=2021, last_year=2026, as_of=datetime.date(2025, 11, 30)).of(senati)

    # 2021 and half of 2023 are settled; 2026 has not fallen due.
    assert row.ageing == calc.Ageing(this_year=D(100), last_year=D(100), older=D(50))
    assert row.due_usd == D(500) and row.balance_usd == D(350)


def test_totals_per_country_and_income_line_add_up(biennium_2024_25):
    uruguay = Country.objects.get_or_create(code="UY", defaults={"name": "Uruguay"})[0]
    one, two = institution("AAA"), institution("BBB", country=uruguay)
    for who in (one, two):
        ContributionAgreement.objects.create(
            institution=who,
            signed_on=datetime.date(2024, 1, 1),
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2024, 12, 31),
            annual_amount=D("1000.00"),
        )
    received(one, datetime.date(2024, 2, 1), D("250.00"), biennium=biennium_2024_25)

    summary = reckon(as_of=datetime.date(2025, 1, 31)).summary()

    assert summary.totals.due_usd == D("2000.00")
    assert summary.totals.arrears_usd == D("1750.00")
    assert summary.totals == reckon(as_of=datetime.date(2025, 1, 31)).totals()
    by_country = dict(summary.by_country)
    assert by_country["Chile"].arrears_usd == D("750.00")
    assert by_country["Uruguay"].arrears_usd == D("1000.00")
    by_line = summary.by_income_line
    assert by_line[IncomeLine.HOST_COUNTRY].due_usd == D("1000.00")
    assert (
        by_line[IncomeLine.OTHER_COUNTRIES].due_usd,
        by_line[IncomeLine.OTHER_COUNTRIES].received_usd,
    ) == (
        D("1000.00"),
        D("250.00"),
    )


def many(count, *, start, biennium, year=2024):
    country = chile()
    made = created_in_bulk(
        MemberInstitution,
        [
            MemberInstitution(
                name=f"Many {n}", acronym=f"MANY{n:04d}", country=country, kind="other"
            )
            for n in range(start, start + count)
        ],
    )
    created_in_bulk(
        ContributionAgreement,
        [
            ContributionAgreement(
                institution=who,
                signed_on=datetime.date(year - 1, 1, 1),
                starts_on=datetime.date(year, 1 + n % 12, 1),
                ends_on=datetime.date(year + 1, 12, 31),
                annual_amount=D(1000 + n),
                currency="CLP" if n % 3 else "USD",
            )
            for n, who in enumerate(made, start=start)
        ],
    )
    created_in_bulk(
        Contribution,
        [
            Contribution(
                biennium=biennium,
                payer="member_institution",
                institution=who,
                stage="received",
                date=datetime.date(year, 5, 1),
                amount=D(100),
                amount_usd=D(100),
                income_line=IncomeLine.OTHER_COUNTRIES,
            )
            for who in made
        ],
    )


def test_the_calculation_takes_the_same_queries_for_10_and_300_institutions(biennium_2024_25):
    for month in range(1, 13):
        rate("CLP", 2024, month, "900")

    def measured():
        with CaptureQueriesContext(connection) as queries:
            result = reckon(as_of=datetime.date(2025, 6, 30))
            rows = result.rows()
            result.totals(), result.summary()
        return rows, len(queries)

    many(10, start=0, biennium=biennium_2024_25)
    small, few = measured()
    many(290, start=10, biennium=biennium_2024_25)
    large, more = measured()
    assert len(small) == 10 and len(large) == 300
    # The owed statement thrice, the institutions once; outside a request the data's version
    # is read for each figure (cinterfor.data_version).
    assert few == more <= 7
