"""The pages that read what is owed take the same queries for 10 and 200 institutions."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import IncomeLine
from budget.services import contribution_record
from members.models import MemberInstitution
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


def test_a_second_visit_reads_the_kept_figures_until_a_contribution_changes_them(
    client, finance, proposal_2020_21, figures_kept
):
    """What is owed is kept under the version of the tables it reads (cinterfor.data_version):
    a second visit runs no calculation, and a contribution recorded through the service is on
    the next visit."""
    many(30, start=0, biennium=proposal_2020_21, year=2020)
    client.force_login(finance)
    url = "/bienniums/2020-21/budget/forecast/?sort=-received"

    def visit() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        return html, len([q for q in captured if "WITH years" in q["sql"]])

    first, computed = visit()
    second, kept = visit()
    assert (computed, kept) == (1, 0)
    assert rows_of(second) == rows_of(first)

    institution = MemberInstitution.objects.get(acronym="MANY0007")
    contribution_record(
        biennium=proposal_2020_21,
        by=finance,
        payer="member_institution",
        institution=institution,
        stage="received",
        date=datetime.date(2020, 6, 1),
        amount=Decimal("5000000.00"),
        currency="USD",
        amount_usd=Decimal("5000000.00"),
        income_line=IncomeLine.OTHER_COUNTRIES,
    )
    after, computed_again = visit()
    assert computed_again == 1
    assert "MANY0007" in rows_of(after)[0]
    assert rows_of(after)[1:] == [row for row in rows_of(first) if "MANY0007" not in row][:24]


def rows_of(html: str) -> list[str]:
    return re.findall(r'<tr data-institution="[^"]*">.*?</tr>', html, re.S)
