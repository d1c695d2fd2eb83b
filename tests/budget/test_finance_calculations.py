"""Received against forecast: pure arithmetic (what is owed is budget.owed, tested beside it)."""

from decimal import Decimal

from budget import calculations as calc

D = Decimal


def test_received_difference_is_negative_while_money_is_still_to_come():
    assert calc.received_difference(forecast=D("100000"), received=D("40000.01")) == D("-59999.99")


def test_sums_of_cents_stay_exact():
    # 0.10 + 0.20 is 0.30 in Decimal, unlike binary floating point.
    assert calc.total([D("0.10"), D("0.20")]) == D("0.30")
