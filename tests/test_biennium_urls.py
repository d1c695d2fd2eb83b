"""A biennium in a URL is exactly YYYY-YY, two consecutive years in ASCII digits, or a 404.

And a form cannot reach into another biennium's budget by naming one of its rows.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Budget, BudgetPhase, Subprogramme
from programme.models import Biennium
from tests.budget.test_finance_figures import URL, page_inputs, saved_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_the_biennium_page_answers_at_its_own_address(manager_client, proposal_2020_21):
    assert manager_client.get("/bienniums/2020-21/").status_code == 200
    assert reverse("dashboard", kwargs={"years": "2020-21"}) == "/bienniums/2020-21/"


@pytest.mark.parametrize(
    "years",
    [
        "2020-22",  # not consecutive
        "2020-20",
        "2020-19",
        "２０２０-21",  # full-width digits  # noqa: RUF001
        "2020-２１",  # noqa: RUF001
        "٢٠٢٠-21",  # Arabic-Indic digits
        "2020-021",
        "20-21",
        "2020_21",
        "2020-2021",
    ],
)
def test_a_biennium_not_written_as_two_consecutive_years_is_not_found(
    manager_client, proposal_2020_21, years
):
    for page in ("", "programme/", "status/", "budget/figures/", "review/appendices/", "exports/"):
        response = manager_client.get(f"/bienniums/{years}/{page}")
        assert response.status_code == 404, (years, page)


def test_the_turn_of_the_century_is_consecutive(manager_client, db):
    Biennium.objects.create(start_year=2099, end_year=2100)
    assert manager_client.get("/bienniums/2099-00/").status_code == 200
    assert manager_client.get("/bienniums/2099-01/").status_code == 404


def test_a_subprogramme_of_another_budget_is_refused_as_not_part_of_this_one(
    client, finance, proposal_2020_21
):
    other_biennium = Biennium.objects.create(start_year=2030, end_year=2031)
    other_budget = Budget.objects.create(
        biennium=other_biennium,
        phase=BudgetPhase.PROPOSED,
        funds_brought_forward=Decimal(0),
        total_expenditure=Decimal(0),
    )
    foreign = Subprogramme.objects.create(
        budget=other_budget,
        position=1,
        name={"en": "Someone else's row"},
        professional_months=0,
        general_service_months=0,
        staff_cost=Decimal(100),
        non_staff_cost=Decimal(0),
    )
    client.force_login(finance)
    data = page_inputs(client)
    data["sub-0-id"] = str(foreign.pk)
    data["sub-0-version"] = str(foreign.version)
    data["sub-0-staff_cost"] = "999"
    before = saved_state(proposal_2020_21)

    response = client.post(URL, data, follow=True)

    html = response.content.decode()
    assert "not part of this budget" in html
    assert "Someone else saved" not in html
    assert saved_state(proposal_2020_21) == before
    foreign.refresh_from_db()
    assert foreign.staff_cost == Decimal(100)
