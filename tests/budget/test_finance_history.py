"""The figures page shows who changed which figure, when, from what to what."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    [change] = selectors.figures_history(biennium=proposal_2020_21).changes
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


def change_ilo(estimate, times: int, *, start: int = 1) -> None:
    for amount in range(start, start + times):
        estimate.amount = Decimal(amount)
        estimate.save()


def test_the_history_takes_a_fixed_number_of_queries(
    proposal_2020_21, ilo_estimate, django_assert_max_num_queries
):
    change_ilo(ilo_estimate, 19)
    with django_assert_max_num_queries(8):
        assert len(selectors.figures_history(biennium=proposal_2020_21).changes) == 19


def test_the_history_is_read_a_page_at_a_time_newest_first(proposal_2020_21, ilo_estimate):
    change_ilo(ilo_estimate, 45)
    first = selectors.figures_history(biennium=proposal_2020_21, page_number=1)
    last = selectors.figures_history(biennium=proposal_2020_21, page_number=3)
    assert first.page.paginator.num_pages == 3
    assert [c.new for c in first.changes[:2]] == [Decimal(45), Decimal(44)]
    assert [(c.old, c.new) for c in last.changes] == [
        (Decimal(n - 1), Decimal(n)) for n in range(5, 1, -1)
    ] + [(Decimal("2462895"), Decimal(1))]


def test_the_page_reads_the_history_with_a_limit_whatever_its_length(
    client, proposal_2020_21, ilo_estimate, finance
):
    client.force_login(finance)
    change_ilo(ilo_estimate, 5)
    client.get(URL)
    with CaptureQueriesContext(connection) as short:
        html = client.get(URL).content.decode()
    assert "2462895.00" in html
    change_ilo(ilo_estimate, 200, start=6)
    with CaptureQueriesContext(connection) as long:
        html = client.get(URL + "?page=2").content.decode()
    # Session, user, roles, two savepoints, the biennium, the sheet and Appendix I/II (4 each),
    # the data's version (cinterfor.data_version), then the history: its count, its page, and
    # the saves of the one table on the page.
    assert len(long) == len(short) <= 18
    assert "Page 2 of 11" in html
    history_sql = [q["sql"] for q in long.captured_queries if "history_date" in q["sql"]]
    assert any("LIMIT 20" in sql and "OFFSET 20" in sql for sql in history_sql)
