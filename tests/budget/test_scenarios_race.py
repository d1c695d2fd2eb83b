"""Applying a scenario while a colleague saves the same figure, in two real PostgreSQL
transactions: the apply waits for the save, then is refused naming the figure."""

from decimal import Decimal

import pytest
from django.db import connection

from budget import scenarios
from budget.models import Budget, BudgetPhase, IncomeEstimate, IncomeLine
from budget.services import FigureValues, budget_update_figures
from budget.whatif import Changes
from tests.factories import finance_user, manager_user
from tests.races import WAIT, Side
from tests.services import require

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql():
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "row locks need PostgreSQL (DATABASE_URL is SQLite)",
    )


def test_an_apply_waits_for_a_save_of_its_figure_and_is_then_refused(proposal_2020_21):
    finance, manager = finance_user(), manager_user()
    scenario = scenarios.scenario_keep(
        biennium=proposal_2020_21,
        by=finance,
        name="ILO +2 %",
        changes=Changes(income={IncomeLine.ILO: Decimal("2512153.00")}),
    )
    budget = Budget.objects.get(biennium=proposal_2020_21, phase=BudgetPhase.PROPOSED)
    save = Side(
        lambda: budget_update_figures(
            budget=budget,
            by=manager,
            values=FigureValues(
                brought_forward=budget.funds_brought_forward,
                expenditure=budget.total_expenditure,
                income={IncomeLine.ILO: Decimal("2470000.00")},
            ),
            seen_version=budget.version,
        ),
        hold=True,
    )
    save.start()
    assert save.done_work.wait(WAIT)
    apply = Side(lambda: scenarios.scenario_apply(scenario=scenario, by=finance))
    apply.start()
    apply.join(0.5)
    assert apply.is_alive(), "the apply went ahead while a save of its figure was under way"
    save.release.set()
    save.join(WAIT)
    apply.join(WAIT)
    assert save.error is None
    assert isinstance(apply.error, scenarios.ScenarioStale)
    assert "ILO contribution" in str(apply.error.messages)
    ilo = IncomeEstimate.objects.get(budget=budget, line=IncomeLine.ILO)
    assert ilo.amount == Decimal("2470000.00")
