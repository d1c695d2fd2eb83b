"""The dashboard gives a biennium's key figures and charts, with their data, in fixed queries."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Contribution
from programme.models import Activity, LineOfAction


def _url(biennium) -> str:
    return reverse("dashboard", kwargs={"years": biennium.slug})


def chart_data(html: str) -> dict:
    """The figures the page hands to its charts, as dashboard.js reads them."""
    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the page has no dashboard-data block"
    return json.loads(match.group(1))


def key_figures(html: str) -> dict[str, str]:
    """Each key figure's label and the value shown under it."""
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    return {label.strip(): " ".join(value.split()) for label, value in pairs}


def _chart(data: dict, key: str) -> dict:
    return next(chart for chart in data["charts"] if chart["key"] == key)


def _series(chart: dict, label: str) -> list:
    return next(series["values"] for series in chart["series"] if series["label"] == label)


def _receive(biennium, line: str, amount: str, stage: str = Contribution.Stage.RECEIVED):
    return Contribution.objects.create(
        biennium=biennium,
        payer=Contribution.Payer.OTHER,
        payer_name="A funder",
        stage=stage,
        date=datetime.date(2020, 3, 1),
        amount=Decimal(amount),
        amount_usd=Decimal(amount),
        income_line=line,
    )


@pytest.fixture
def page(client, proposal_2020_21, manager):
    client.force_login(manager)
    response = client.get(_url(proposal_2020_21))
    assert response.status_code == 200
    return response.content.decode()


def test_income_chart_has_the_three_columns_of_appendix_one(page):
    income = _chart(chart_data(page), "income")
    assert income["categories"][0] == "ILO contribution"
    assert _series(income, "2018–19 Approved budget")[0] == 2437303
    assert _series(income, "2018–19 Anticipated income and expenditure")[2] == 440000
    proposed = _series(income, "2020–21 Proposed budget")
    assert proposed == [2462895, 100000, 500000, 280000, 30000, 15000]


def test_total_income_proposed_is_3_387_895(page):
    assert key_figures(page)["Total income proposed"] == "US$3,387,895"
    # The figures the charts draw add up to the same total; JavaScript adds up nothing.
    income = _chart(chart_data(page), "income")
    assert sum(_series(income, "2020–21 Proposed budget")) == 3387895


def test_expenditure_chart_gives_each_subprogramme_total(page):
    expenditure = _chart(chart_data(page), "expenditure")
    assert dict(zip(expenditure["categories"], _series(expenditure, "Total"), strict=True)) == {
        "Programme implementation": 911600,
        "Knowledge management": 1172320,
        "Printing services and other contributions": 210000,
        "Administration, finance and human resources": 625760,
        "Management": 813520,
    }


def test_key_figures_match_the_proposal(page):
    assert key_figures(page) == {
        "Total income proposed": "US$3,387,895",
        "C. Total funds available": "US$4,577,329",
        "D. Total expenditure": "US$3,733,200",
        "E. Funds to be carried forward": "US$844,129",
        "ILO contribution: change": "US$25,592",
        "Institutions with an agreement": "25.4 %",
        "Activities": "46",
        "Reconciliation findings": "1",
        "Still owed by institutions": "US$-",  # no agreement in the shipped register
    }
    assert "17 of 67 member institutions, as the proposal reports" in page


def test_activities_chart_counts_each_line_by_status(page):
    activities = _chart(chart_data(page), "activities")
    assert activities["categories"][:2] == ["(a)", "(b)"]
    assert _series(activities, "Planned")[:2] == [4, 1]
    assert _series(activities, "Under way")[:2] == [0, 4]
    assert sum(sum(series["values"]) for series in activities["series"]) == 46


def test_contributions_received_are_set_against_the_forecast(client, proposal_2020_21, manager):
    _receive(proposal_2020_21, "host_country", "50000.40")
    _receive(proposal_2020_21, "host_country", "25000")
    _receive(proposal_2020_21, "other_countries", "99999", stage=Contribution.Stage.PLEDGED)
    client.force_login(manager)
    contributions = _chart(
        chart_data(client.get(_url(proposal_2020_21)).content.decode()), "contributions"
    )
    assert _series(contributions, "Forecast (proposed budget)")[:3] == [2462895, 100000, 500000]
    assert _series(contributions, "Received")[:3] == [0, 75000, 0]


def test_every_chart_has_a_caption_and_a_table_of_its_figures(page):
    for key in ("income", "expenditure", "contributions", "activities"):
        assert f'<figcaption class="h6" id="caption-{key}">' in page
        assert f'aria-labelledby="caption-{key}"' in page
        assert f'id="table-{key}"' in page
    assert '<td class="num">1,172,320</td>' in page
    assert "static/vendor/chartjs/chart.umd.min.js" in page
    assert "static/js/dashboard.js" in page


def test_reconciliation_findings_are_counted_and_linked(page):
    assert key_figures(page)["Reconciliation findings"] == "1"
    assert "See what the reconciliation found" in page


def test_more_activities_and_contributions_add_no_queries(
    client, proposal_2020_21, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as baseline:
        client.get(_url(proposal_2020_21))
    line = LineOfAction.objects.get(biennium=proposal_2020_21, letter="c")
    Activity.objects.bulk_create(
        Activity(
            line_of_action=line,
            position=100 + n,
            title={"en": f"Extra activity {n}"},
            kind=Activity.Kind.RESEARCH,
            status=Activity.Status.COMPLETED,
        )
        for n in range(30)
    )
    for n in range(30):
        _receive(proposal_2020_21, "other_countries", str(1000 + n))
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(_url(proposal_2020_21))
    activities = _chart(chart_data(response.content.decode()), "activities")
    assert _series(activities, "Completed")[2] == 30


@pytest.mark.parametrize("role", ["staff", "finance", "manager"])
def test_every_role_sees_the_dashboard(client, proposal_2020_21, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(proposal_2020_21)).status_code == 200


def test_programme_staff_get_a_link_to_the_reconciliation(client, proposal_2020_21, staff):
    # Staff own the paragraphs the reconciliation flags, so they read it too.
    client.force_login(staff)
    page = client.get(_url(proposal_2020_21)).content.decode()
    assert "See what the reconciliation found" in page
    assert reverse("review:reconciliation", kwargs={"years": "2020-21"}) in page


def test_anonymous_visitors_are_sent_to_log_in(client, proposal_2020_21):
    response = client.get(_url(proposal_2020_21))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(client, proposal_2020_21, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x-long-pass"))
    assert client.get(_url(proposal_2020_21)).status_code == 403


def test_an_unknown_biennium_is_not_found(client, db, manager):
    client.force_login(manager)
    assert client.get(reverse("dashboard", kwargs={"years": "1990-91"})).status_code == 404


def test_a_biennium_without_budgets_still_renders(client, db, manager):
    from programme.models import Biennium

    biennium = Biennium.objects.create(start_year=2030, end_year=2031)
    client.force_login(manager)
    page = client.get(_url(biennium)).content.decode()
    expenditure = _chart(chart_data(page), "expenditure")
    assert expenditure["categories"] == []
    assert _series(_chart(chart_data(page), "income"), "2030–31 Proposed budget") == [None] * 6
