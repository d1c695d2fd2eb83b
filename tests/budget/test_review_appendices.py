"""The review page shows Appendices I and II as the document prints them, with the change."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Budget, Subprogramme


class _TableReader(HTMLParser):
    """The text of each row's cells of one table, as a reader sees them."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id = table_id
        self.depth = 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None and tag == "br":
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    reader = _TableReader(table_id)
    reader.feed(html)
    return [row for row in reader.rows if row]


# Appendix I as printed in the seed, with the change column (2020–21 proposed − 2018–19 approved).
APPENDIX_I = [
    ["A. Funds brought forward from the previous financial year",
     "817,837", "1,191,251", "1,189,434", "371,597"],
    ["B. Income"],
    ["ILO contribution", "2,437,303", "2,437,303", "2,462,895", "25,592"],
    ["Host country contribution", "100,000", "100,000", "100,000", "-"],
    ["Contributions from other countries in the region", "500,000", "440,000", "500,000", "-"],
    ["Other contributions", "250,000", "540,000", "280,000", "30,000"],
    ["Sales of publications and printing services", "20,000", "35,000", "30,000", "10,000"],
    ["Miscellaneous income1", "10,000", "15,000", "15,000", "5,000"],
    ["Total income", "3,317,303", "3,567,303", "3,387,895", "70,592"],
    ["C. Total funds available", "4,135,140", "4,758,554", "4,577,329", "442,189"],
    ["D. Total expenditure", "3,569,120", "3,569,120", "3,733,200", "164,080"],
    ["E. Funds to be carried forward to the next financial year",
     "566,020", "1,189,434", "844,129", "278,109"],
]  # fmt: skip

APPENDIX_II = [
    ["Programme implementation", "2/00", "4/00", "801,600", "110,000", "911,600"],
    ["Knowledge management", "–", "12/00", "1,072,320", "100,000", "1,172,320"],
    ["Printing services and other contributions", "–", "–", "-", "210,000", "210,000"],
    ["Administration, finance and human resources", "–", "6/00", "515,760", "110,000", "625,760"],
    ["Management", "2/00", "2/00", "713,520", "100,000", "813,520"],
    ["2020–21 proposals", "4/00", "24/00", "3,103,200", "630,000", "3,733,200"],
]


def _url(biennium) -> str:
    return reverse("review:appendices", kwargs={"years": biennium.slug})


@pytest.fixture
def page(client, proposal_2020_21, staff):
    client.force_login(staff)
    response = client.get(_url(proposal_2020_21))
    assert response.status_code == 200
    return response.content.decode()


def test_appendix_one_shows_every_seed_figure_in_three_columns_and_the_change(page):
    rows = table_rows(page, "appendix-i")
    assert rows[0][1:] == [
        "2018–19 Approved budget (US$)",
        "2018–19 Anticipated income and expenditure (US$)",
        "2020–21 Proposed budget (US$)",
        "Change 2020–21 proposed − 2018–19 approved (US$)",
    ]
    assert rows[1:] == APPENDIX_I


def test_the_ilo_contribution_grew_by_25_592(page):
    ilo = next(row for row in table_rows(page, "appendix-i") if row[0] == "ILO contribution")
    assert ilo[-1] == "25,592"


def test_miscellaneous_income_carries_its_footnote(page):
    assert "Including interest, exchange/revaluation gains/losses, etc." in page
    assert 'href="#appendix-i-note-1"' in page


def test_appendix_one_opens_with_its_paragraph_filled_from_the_data(page):
    assert "Proposed income and expenses" in page
    assert (
        "for the period from 1 January 2020 to 31 December 2021, together with comparative "
        "figures for budgeted and actual income and expenditure in 2018–19." in page
    )
    assert "[[" not in page


def test_appendix_two_shows_every_row_and_the_totals(page):
    rows = table_rows(page, "appendix-ii")
    assert rows[2:] == APPENDIX_II
    assert "Summary of proposed expenditure for 2020–21 by subprogramme" in page


def test_a_missing_previous_biennium_shows_dashes(client, proposal_2020_21, manager):
    Budget.objects.filter(biennium__start_year=2018).delete()
    client.force_login(manager)
    rows = table_rows(client.get(_url(proposal_2020_21)).content.decode(), "appendix-i")
    ilo = next(row for row in rows if row[0] == "ILO contribution")
    assert ilo == ["ILO contribution", "–", "–", "2,462,895", "–"]


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, proposal_2020_21, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as baseline:
        client.get(_url(proposal_2020_21))
    budget = Budget.objects.get(biennium=proposal_2020_21, phase="proposed")
    for position in range(6, 36):
        Subprogramme.objects.create(
            budget=budget,
            position=position,
            name={"en": f"Extra {position}"},
            staff_cost=1,
            non_staff_cost=1,
        )
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(_url(proposal_2020_21))
    assert "Extra 35" in response.content.decode()


@pytest.mark.parametrize("role", ["staff", "finance", "manager"])
def test_every_role_may_read_the_appendices(client, proposal_2020_21, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(proposal_2020_21)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, proposal_2020_21):
    response = client.get(_url(proposal_2020_21))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(client, proposal_2020_21, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x-long-pass"))
    assert client.get(_url(proposal_2020_21)).status_code == 403


def test_an_unknown_biennium_is_not_found(client, db, manager):
    client.force_login(manager)
    response = client.get(reverse("review:appendices", kwargs={"years": "1990-91"}))
    assert response.status_code == 404
