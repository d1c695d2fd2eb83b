"""The pages that read what is owed take the same queries for 10 and 200 institutions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.budget.test_owed import many, rate

pytestmark = pytest.mark.django_db
PAGES = [
    "/bienniums/2020-21/budget/forecast/",
    "/bienniums/2020-21/budget/forecast/?arrears=on&sort=-arrears",
    "/bienniums/2020-21/budget/statements/",
    "/bienniums/2020-21/budget/rates/",
    "/bienniums/2020-21/",
]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_a_page_of_what_is_owed_takes_the_same_queries_at_two_sizes(
    client, finance, proposal_2020_21, url
):
    client.force_login(finance)
    for month in range(1, 13):
        rate("CLP", 2020, month, "800")
    many(10, start=0, biennium=proposal_2020_21, year=2020)
    client.get(url)  # warm what a first request caches
    few = queries(client, url)
    many(190, start=10, biennium=proposal_2020_21, year=2020)
    assert queries(client, url) == few


@pytest.mark.parametrize("page", ["", "?page=2", "?page=99", "?page=abc"])
def test_the_forecast_page_reads_its_rows_and_totals_in_one_calculation(
    client, finance, proposal_2020_21, page
):
    many(30, start=0, biennium=proposal_2020_21, year=2020)
    client.force_login(finance)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/bienniums/2020-21/budget/forecast/" + page).content.decode()
    assert len([q for q in captured if "WITH years" in q["sql"]]) == 1
    shown = html.count('<tr data-institution="')
    assert shown == (5 if page in ("?page=2", "?page=99") else 25)
    assert "30 institutions" in html
