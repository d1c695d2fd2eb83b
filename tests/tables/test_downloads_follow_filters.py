"""Each list's download holds the rows the list shows under the same filters, every page of them.

Each test filters a list so that it leaves rows out, reads the rows the page shows (all its
pages), downloads the list with the same query string, and compares the two row by row.
"""

import csv
import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest

from budget import services
from budget.models import Budget, BudgetPhase, Contribution, IncomeEstimate
from budget.selectors import figures_sheet
from budget.services import FigureValues
from cinterfor.narrative import narrative_text
from members.models import ContributionAgreement, MemberInstitution
from programme.models import Activity, Biennium

D = Decimal


def csv_rows(client, url: str) -> list[dict]:
    """The rows of a CSV download, as dicts by header."""
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def every_page(client, url: str, name: str) -> list:
    """The objects of every page of a list, following its pages (context `name` is a Page)."""
    rows, number = [], 1
    while True:
        separator = "&" if "?" in url else "?"
        page = client.get(f"{url}{separator}page={number}").context[name]
        rows += list(page.object_list)
        if not page.has_next():
            return rows
        number += 1


@pytest.fixture
def finance_client(client, finance, proposal_2020_21):
    client.force_login(finance)
    return client


def agreement(institution, year: int) -> ContributionAgreement:
    return ContributionAgreement.objects.create(
        institution=institution,
        signed_on=datetime.date(year, 1, 1),
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year + 1, 12, 31),
        annual_amount=D("1000"),
    )


def test_the_institutions_download_holds_the_institutions_listed_under_a_country(
    finance_client,
):
    query = "?country=BR&sort=acronym"
    listed = every_page(finance_client, "/members/" + query, "page")
    downloaded = csv_rows(finance_client, "/members/download.csv" + query)

    assert [(i.acronym, i.country_id) for i in listed] == [
        (r["Acronym"], r["Country code"]) for r in downloaded
    ]
    assert [r["Acronym"] for r in downloaded] == ["SENAC", "SENAR"]
    assert len(downloaded) < MemberInstitution.objects.count()  # the filter left some out


def test_the_agreements_download_holds_the_agreements_of_the_institutions_listed(
    finance_client,
):
    by_acronym = {i.acronym: i for i in MemberInstitution.objects.all()}
    for acronym, year in [("SENAC", 2018), ("SENAC", 2020), ("SENAR", 2020), ("SENA", 2020)]:
        agreement(by_acronym[acronym], year)
    query = "?country=BR"
    listed = every_page(finance_client, "/members/" + query, "page")
    downloaded = csv_rows(finance_client, "/members/agreements/download.csv" + query)

    shown = Counter({i.acronym: i.agreement_count for i in listed if i.agreement_count})
    assert Counter(r["Institution"] for r in downloaded) == shown == {"SENAC": 2, "SENAR": 1}
    assert {r["Period starts"] for r in downloaded} == {"2018-01-01", "2020-01-01"}
    assert len(downloaded) < ContributionAgreement.objects.count()


def test_the_contributions_download_holds_the_contributions_listed_at_a_stage(
    finance_client, proposal_2020_21, finance
):
    sena = MemberInstitution.objects.get(acronym="SENA")
    services.rate_enter(  # an example rate, not a UN figure
        by=finance, currency="COP", month=datetime.date(2020, 1, 1), units_per_usd=D("3200")
    )
    for n in range(30):  # more than a page of the list
        services.contribution_record(
            biennium=proposal_2020_21,
            by=finance,
            payer="member_institution",
            institution=sena,
            stage="pledged" if n % 4 else "received",
            date=datetime.date(2020, 1, 1 + n),
            amount=D("320000") + n,
            currency="COP",
            income_line="other_countries",
            reference=f"R-{n}",
        )
    query = "?stage=pledged"
    url = "/bienniums/2020-21/budget/contributions/"
    listed = every_page(finance_client, url + query, "page")
    downloaded = csv_rows(finance_client, url + "download.csv" + query)

    assert [(c.date.isoformat(), c.reference, str(c.amount_usd)) for c in listed] == [
        (r["Date"], r["Reference"], r["US$ value"]) for r in downloaded
    ]
    assert len(downloaded) == 22 < Contribution.objects.count()
    assert {(r["Rate used (units per US$)"], r["Month of the rate"]) for r in downloaded} == {
        ("3200.000000", "2020-01")
    }


def test_the_activities_download_holds_the_activities_listed_in_a_line(finance_client):
    query = "?line=b"
    url = "/bienniums/2020-21/programme/activities/"
    listed = every_page(finance_client, url + query, "page_obj")
    downloaded = csv_rows(finance_client, url + "download.csv" + query)

    assert [
        (a.line_of_action.letter, str(a.position), narrative_text(a.title)) for a in listed
    ] == [(r["Line of action"], r["Position"], r["Title"]) for r in downloaded]
    assert {r["Line of action"] for r in downloaded} == {"b"}
    assert (
        0
        < len(downloaded)
        < Activity.objects.filter(line_of_action__biennium__start_year=2020).count()
    )


def test_the_history_download_holds_the_changes_listed_for_the_biennium(
    finance_client, proposal_2020_21, finance
):
    proposed = figures_sheet(biennium=proposal_2020_21).proposed.budget
    for n in range(25):  # more than a page of the history (20)
        proposed.refresh_from_db()
        services.budget_update_figures(
            budget=proposed,
            by=finance,
            values=FigureValues(
                brought_forward=proposed.funds_brought_forward,
                expenditure=proposed.total_expenditure,
                income={"ilo": D("2462895") + n + 1},
            ),
            seen_version=proposed.version,
        )
    # A change to a budget this biennium's appendices do not show: another biennium's list.
    earlier = Budget.objects.create(
        biennium=Biennium.objects.get(start_year=2018),
        phase=BudgetPhase.EXECUTED,
        funds_brought_forward=D("1"),
        total_expenditure=D("1"),
    )
    estimate = IncomeEstimate.objects.create(budget=earlier, line="ilo", amount=D("5"))
    estimate.amount = D("6")
    estimate.save()

    url = "/bienniums/2020-21/budget/figures/"
    pages, number = [], 1
    while True:
        history = finance_client.get(f"{url}?page={number}").context["history"]
        pages += history.changes
        if not history.page.has_next():
            break
        number += 1
    downloaded = csv_rows(finance_client, "/bienniums/2020-21/budget/figures/history/download.csv")

    def plain(value) -> str:
        return "" if value is None else str(value)

    assert [(c.who, c.where, str(c.field), plain(c.old), plain(c.new)) for c in pages] == [
        (r["Who"], r["Where"], r["Figure"], r["Before"], r["After"]) for r in downloaded
    ]
    assert len(downloaded) == 25
    assert not any(r["Before"] == "5.00" for r in downloaded)  # the other biennium's change
