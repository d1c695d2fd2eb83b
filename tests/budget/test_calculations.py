"""The money arithmetic of the appendices, without a database."""

from decimal import Decimal

from budget import calculations as calc


def test_total_funds_available_is_brought_forward_plus_total_income():
    assert calc.total_funds_available(
        brought_forward=Decimal("1189434"), total_income=Decimal("3387895")
    ) == Decimal("4577329")


def test_funds_carried_forward_is_available_minus_expenditure():
    assert calc.funds_carried_forward(
        funds_available=Decimal("4577329"), expenditure=Decimal("3733200")
    ) == Decimal("844129")


def test_total_of_nothing_is_zero_not_none():
    assert calc.total([]) == Decimal(0)


def test_whole_dollars_rounds_halves_away_from_zero():
    assert calc.whole_dollars(Decimal("0.5")) == Decimal(1)
    assert calc.whole_dollars(Decimal("2.49")) == Decimal(2)
    assert calc.whole_dollars(Decimal("-0.5")) == Decimal(-1)


def test_share_percent_of_an_unknown_whole_is_none():
    assert calc.share_percent(17, 0) is None
    assert calc.share_percent(17, 67).quantize(Decimal("0.1")) == Decimal("25.4")


def test_work_months_are_years_and_months():
    assert calc.work_years_months(24) == (2, 0)
    assert calc.work_years_months(144) == (12, 0)
    assert calc.work_years_months(30) == (2, 6)


def test_per_year_halves_a_biennial_amount():
    assert calc.per_year(Decimal("100000")) == Decimal("50000")
