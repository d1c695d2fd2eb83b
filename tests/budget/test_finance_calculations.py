"""What an agreement makes due, what is owed, received against forecast: pure arithmetic."""

from decimal import Decimal

from budget import calculations as calc

D = Decimal


def test_an_agreement_over_the_whole_biennium_counts_both_years():
    years = calc.agreement_years_within(
        agreement_first_year=2019, agreement_last_year=2022, first_year=2020, last_year=2021
    )
    assert years == 2


def test_an_agreement_starting_in_the_second_year_counts_one_year():
    years = calc.agreement_years_within(
        agreement_first_year=2021, agreement_last_year=2023, first_year=2020, last_year=2021
    )
    assert years == 1


def test_an_agreement_outside_the_biennium_counts_no_year():
    years = calc.agreement_years_within(
        agreement_first_year=2016, agreement_last_year=2019, first_year=2020, last_year=2021
    )
    assert years == 0


def test_amount_due_is_annual_amount_times_years():
    assert calc.amount_due(annual_amount=D("12500.50"), years=2) == D("25001.00")


def test_dues_are_added_up_per_currency():
    dues = calc.dues_by_currency(
        agreements=[
            (D("10000"), "USD", 2019, 2021),  # 2 years
            (D("2500.25"), "USD", 2021, 2025),  # 1 year
            (D("400000"), "UYU", 2020, 2020),  # 1 year
        ],
        first_year=2020,
        last_year=2021,
    )
    assert dues == {"USD": D("22500.25"), "UYU": D("400000")}


def test_owed_is_due_minus_paid_and_never_negative():
    assert calc.owed_in_usd(dues={"USD": D("20000")}, paid_usd=D("7500.10")) == D("12499.90")
    assert calc.owed_in_usd(dues={"USD": D("20000")}, paid_usd=D("25000")) == D(0)


def test_owed_is_unknown_when_an_agreement_is_in_another_currency():
    assert calc.owed_in_usd(dues={"USD": D("100"), "UYU": D("4000")}, paid_usd=D(0)) is None


def test_owed_without_any_due_is_zero():
    assert calc.owed_in_usd(dues={}, paid_usd=D("10")) == D(0)


def test_received_difference_is_negative_while_money_is_still_to_come():
    assert calc.received_difference(forecast=D("100000"), received=D("40000.01")) == D("-59999.99")


def test_sums_of_cents_stay_exact():
    # 0.10 + 0.20 is 0.30 in Decimal, unlike binary floating point.
    assert calc.total([D("0.10"), D("0.20")]) == D("0.30")
