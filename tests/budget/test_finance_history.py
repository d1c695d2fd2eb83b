"""The figures page shows who changed which figure, when, from what to what."""

from decimal import Decimal

import pytest

from budget import selectors
from budget.models import IncomeEstimate

URL = "/bienniums/2020-21/budget/figures/"


@pytest.fixture
def ilo_estimate(proposal_2020_21):
    return IncomeEstimate.objects.get(
        budget__biennium=proposal_2020_21, budget__phase="proposed", line="ilo"
    )


def test_a_changed_figure_is_listed_with_old_and_new(proposal_2020_21, ilo_estimate, finance):
    ilo_estimate.amount = Decimal("2500000")
    ilo_estimate._history_user = finance
    ilo_estimate.save()
    [change] = selectors.figures_history(biennium=proposal_2020_21)
    assert (change.old, change.new) == (Decimal("2462895"), Decimal("2500000"))
    assert change.who == finance.get_full_name()
    assert "ILO contribution" in change.where and "Proposed" in change.where


def test_the_page_shows_it(client, proposal_2020_21, ilo_estimate, finance):
    ilo_estimate.amount = Decimal("2500000")
    ilo_estimate.save()
    client.force_login(finance)
    html = client.get(URL).content.decode()
    assert "History of the figures" in html
    assert "2462895.00" in html and "2500000.00" in html


def test_the_history_takes_a_fixed_number_of_queries(
    proposal_2020_21, ilo_estimate, django_assert_max_num_queries
):
    for amount in range(1, 20):
        ilo_estimate.amount = Decimal(amount)
        ilo_estimate.save()
    with django_assert_max_num_queries(5):
        assert len(selectors.figures_history(biennium=proposal_2020_21)) == 19
