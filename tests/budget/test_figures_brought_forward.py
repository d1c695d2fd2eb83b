"""The proposal's funds brought forward (A) are the previous anticipated E, never typed twice."""

from dataclasses import replace
from decimal import Decimal

import pytest

from budget import services
from budget.appendices import Column, appendices
from budget.models import Budget, BudgetPhase, IncomeLine
from budget.whatif import Changes, changed_appendices
from programme.cycle import biennium_start
from programme.models import Biennium
from programme.services import biennium_submit
from tests.budget.test_finance_figures import page_inputs

pytestmark = pytest.mark.django_db

D = Decimal
URL = "/bienniums/2020-21/budget/figures/"
REASON = "Funds brought forward (A) set from the 2018–19 anticipated E"


@pytest.fixture
def finance_client(client, finance):
    client.force_login(finance)
    return client


def proposed_budget(biennium) -> Budget:
    return Budget.objects.get(biennium=biennium, phase=BudgetPhase.PROPOSED)


def anticipated_e(biennium) -> Decimal:
    return appendices(biennium)[0].column(Column.PREVIOUS_ANTICIPATED).carried_forward


def test_the_proposed_a_is_shown_as_the_anticipated_e_not_offered_as_an_input(
    finance_client, proposal_2020_21
):
    page = finance_client.get(URL).content.decode()
    assert 'name="proposed-brought_forward"' not in page
    assert 'name="previous_anticipated-brought_forward"' in page  # that column's own A is typed
    assert "= E of 2018–19 anticipated" in page
    assert 'data-row="brought_forward" data-value="1189434.00"' in page


def test_changing_the_anticipated_column_on_the_page_moves_a_with_history(
    finance_client, proposal_2020_21, finance
):
    data = page_inputs(finance_client)
    data["previous_anticipated-income_ilo"] = str(
        D(data["previous_anticipated-income_ilo"].replace(",", "")) + 1000
    )
    response = finance_client.post(URL, data, follow=True)
    assert "The figures are saved" in response.content.decode()

    budget = proposed_budget(proposal_2020_21)
    assert budget.funds_brought_forward == D("1189434") + 1000 == anticipated_e(proposal_2020_21)
    latest = budget.history.latest()
    assert (latest.history_change_reason, latest.history_user) == (REASON, finance)


def test_an_a_posted_for_the_proposed_column_is_not_saved(finance_client, proposal_2020_21):
    data = page_inputs(finance_client)
    data["proposed-brought_forward"] = "1"
    data["proposed-expenditure"] = "3733300"
    finance_client.post(URL, data)

    budget = proposed_budget(proposal_2020_21)
    assert budget.total_expenditure == D("3733300")
    assert budget.funds_brought_forward == D("1189434")
    assert not budget.history.filter(funds_brought_forward=D("1")).exists()


def test_saving_the_anticipated_column_through_the_service_sets_a_in_the_same_save(
    proposal_2020_21, finance
):
    anticipated = Budget.objects.get(biennium__start_year=2018, phase=BudgetPhase.ANTICIPATED)
    services.budget_update_figures(
        budget=anticipated,
        by=finance,
        values=services.FigureValues(
            brought_forward=anticipated.funds_brought_forward,
            expenditure=anticipated.total_expenditure - 500,
            income={},
        ),
        seen_version=anticipated.version,
    )
    budget = proposed_budget(proposal_2020_21)
    assert budget.funds_brought_forward == D("1189434") + 500
    assert budget.history.latest().history_change_reason == REASON


def test_a_stays_an_input_while_there_is_no_anticipated_column(finance_client, proposal_2020_21):
    Biennium.objects.create(start_year=2022, end_year=2023)
    page = finance_client.get("/bienniums/2022-23/budget/figures/").content.decode()
    assert 'name="proposed-brought_forward"' in page
    assert "= E of" not in page


def test_a_started_biennium_takes_a_from_the_anticipated_column_entered_on_its_page(
    finance_client, proposal_2020_21, manager
):
    biennium_submit(biennium=proposal_2020_21, by=manager)
    new = biennium_start(source=proposal_2020_21, start_year=2022, by=manager)
    url = "/bienniums/2022-23/budget/figures/"
    data = page_inputs(finance_client, url)
    assert "proposed-brought_forward" in data  # no anticipated 2020–21 column yet
    data.update({f"previous_anticipated-income_{line}": "100000" for line in IncomeLine.values})
    data["previous_anticipated-brought_forward"] = "1189434"
    data["previous_anticipated-expenditure"] = "1000000"
    response = finance_client.post(url, data, follow=True)

    page = response.content.decode()
    assert "The figures are saved" in page
    e = D("1189434") + 600000 - 1000000
    assert proposed_budget(new).funds_brought_forward == e == anticipated_e(new)
    assert 'name="proposed-brought_forward"' not in page
    assert "= E of 2020–21 anticipated" in page


def test_the_what_if_panel_treats_a_as_derived(client, proposal_2020_21, manager):
    client.force_login(manager)
    page = client.get("/bienniums/2020-21/what-if/").content.decode()
    assert 'name="brought_forward"' not in page
    assert "= E of 2018–19 anticipated" in page

    one, two = appendices(proposal_2020_21)
    new_one, _two = changed_appendices(one, two, Changes(brought_forward=D("0")))
    assert new_one.column(Column.PROPOSED).brought_forward == D("1189434")


def test_without_an_anticipated_column_the_what_if_changes_a(proposal_2020_21):
    one, two = appendices(proposal_2020_21)
    columns = {**one.columns, Column.PREVIOUS_ANTICIPATED: None}
    new_one, _two = changed_appendices(
        replace(one, columns=columns), two, Changes(brought_forward=D("0"))
    )
    assert new_one.column(Column.PROPOSED).brought_forward == D("0")
