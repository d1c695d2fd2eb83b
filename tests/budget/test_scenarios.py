"""What-if scenarios (issue 8): kept under a name, compared, discarded, or applied as one save
through the figures page's locking path, refused when a changed figure was saved since."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import scenarios
from budget.models import (
    Budget,
    BudgetPhase,
    IncomeEstimate,
    IncomeLine,
    Subprogramme,
    WhatIfScenario,
)
from budget.services import FigureValues, budget_update_figures
from budget.whatif import Changes
from programme import services as programme_services

pytestmark = pytest.mark.django_db

ILO_UP = Decimal("2512153.00")  # ILO +2 % of 2 462 895, rounded


def proposed(biennium) -> Budget:
    return Budget.objects.get(biennium=biennium, phase=BudgetPhase.PROPOSED)


def ilo(biennium) -> IncomeEstimate:
    return proposed(biennium).income.get(line=IncomeLine.ILO)


def figures_as_saved(biennium) -> list[dict]:
    """Every saved input of the proposal's budgets, with versions, and the count of history."""
    rows = []
    for model in (Budget, IncomeEstimate, Subprogramme):
        rows += [model_to_dict(r) | {"v": r.version} for r in model.objects.order_by("pk")]
        rows.append({"history": model.history.count()})
    return rows


def keep(biennium, user, name="ILO +2 %", **changes) -> WhatIfScenario:
    return scenarios.scenario_keep(
        biennium=biennium,
        by=user,
        name=name,
        changes=Changes(**changes) if changes else Changes(income={IncomeLine.ILO: ILO_UP}),
    )


def test_the_panel_and_a_kept_scenario_write_no_figure(client, proposal_2020_21, finance):
    before = figures_as_saved(proposal_2020_21)
    client.force_login(finance)
    url = reverse("whatif:panel", kwargs={"years": "2020-21"})
    response = client.get(url, {"income_ilo": str(ILO_UP), "compute": "1"})
    assert response.status_code == 200
    assert "Keep these figures as a scenario" in response.content.decode()
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    kept = client.post(
        reverse("whatif:scenario_keep", kwargs={"years": "2020-21"}), {**data, "name": "ILO +2 %"}
    )
    assert kept.status_code == 302
    scenario = WhatIfScenario.objects.get()
    assert scenario.changes["income"] == {"ilo": str(ILO_UP)}
    assert scenario.seen["income.ilo"]["value"] == "2462895.00"
    assert figures_as_saved(proposal_2020_21) == before


def test_applying_a_fresh_scenario_saves_its_figures_and_records_history(
    proposal_2020_21, finance, manager
):
    scenario = keep(proposal_2020_21, finance)
    history_before = ilo(proposal_2020_21).history.count()
    scenarios.scenario_apply(scenario=scenario, by=manager)
    saved = ilo(proposal_2020_21)
    assert saved.amount == ILO_UP
    assert saved.history.count() == history_before + 1
    assert saved.history.first().history_user == manager
    scenario.refresh_from_db()
    assert scenario.applied_by == manager and scenario.applied_at is not None


def test_applying_a_stale_scenario_is_refused_naming_the_figure(proposal_2020_21, finance, manager):
    scenario = keep(proposal_2020_21, finance)
    budget = proposed(proposal_2020_21)
    estimate = ilo(proposal_2020_21)
    budget_update_figures(
        budget=budget,
        by=manager,
        values=FigureValues(
            brought_forward=budget.funds_brought_forward,
            expenditure=budget.total_expenditure,
            income={IncomeLine.ILO: Decimal("2470000.00")},
            income_versions={IncomeLine.ILO: estimate.version},
        ),
        seen_version=budget.version,
    )
    before = figures_as_saved(proposal_2020_21)
    with pytest.raises(scenarios.ScenarioStale, match="ILO contribution"):
        scenarios.scenario_apply(scenario=scenario, by=finance)
    assert figures_as_saved(proposal_2020_21) == before
    assert ilo(proposal_2020_21).amount == Decimal("2470000.00")


def test_a_figure_saved_since_that_the_scenario_does_not_change_does_not_stop_it(
    proposal_2020_21, finance, manager
):
    scenario = keep(
        proposal_2020_21,
        finance,
        name="Host country withdraws",
        income={IncomeLine.HOST_COUNTRY: Decimal("0")},
    )
    budget = proposed(proposal_2020_21)
    budget_update_figures(
        budget=budget,
        by=manager,
        values=FigureValues(
            brought_forward=budget.funds_brought_forward,
            expenditure=budget.total_expenditure,
            income={IncomeLine.ILO: Decimal("2470000.00")},
        ),
        seen_version=budget.version,
    )
    scenarios.scenario_apply(scenario=scenario, by=finance)
    host = proposed(proposal_2020_21).income.get(line=IncomeLine.HOST_COUNTRY)
    assert host.amount == 0
    assert ilo(proposal_2020_21).amount == Decimal("2470000.00")


def test_a_scenario_of_appendix_two_is_applied_to_its_row(proposal_2020_21, finance):
    first = proposed(proposal_2020_21).subprogrammes.order_by("position").first()
    scenario = keep(proposal_2020_21, finance, name="Staff", staff_cost={0: Decimal("100.00")})
    scenarios.scenario_apply(scenario=scenario, by=finance)
    first.refresh_from_db()
    assert first.staff_cost == Decimal("100.00")


def test_the_scenarios_page_sets_them_beside_the_saved_figures(client, proposal_2020_21, finance):
    keep(proposal_2020_21, finance)
    keep(
        proposal_2020_21,
        finance,
        name="Host country withdraws",
        income={IncomeLine.HOST_COUNTRY: Decimal("0")},
    )
    client.force_login(finance)
    response = client.get(reverse("whatif:scenarios", kwargs={"years": "2020-21"}))
    rows = {row.label: row for row in response.context["rows"]}
    ilo_row = rows["ILO contribution"]
    assert ilo_row.saved == Decimal("2462895.00")
    # Newest first: the host country scenario, then ILO +2 %.
    assert ilo_row.scenarios == [Decimal("2462895.00"), ILO_UP]
    total = rows["B. Total income"]
    host = proposed(proposal_2020_21).income.get(line=IncomeLine.HOST_COUNTRY).amount
    assert total.scenarios == [total.saved - host, total.saved + ILO_UP - Decimal("2462895.00")]
    assert "Host country withdraws" in response.content.decode()


def test_discarding_removes_the_scenario_and_applying_through_the_page_says_so(
    client, proposal_2020_21, finance
):
    scenario = keep(proposal_2020_21, finance)
    client.force_login(finance)
    url = reverse("whatif:scenario_apply", kwargs={"years": "2020-21", "pk": scenario.pk})
    response = client.post(url, follow=True)
    assert "applied: its figures are saved" in response.content.decode()
    other = keep(proposal_2020_21, finance, name="Other", expenditure=Decimal("1"))
    url = reverse("whatif:scenario_discard", kwargs={"years": "2020-21", "pk": other.pk})
    assert client.post(url).status_code == 302
    assert not WhatIfScenario.objects.filter(pk=other.pk).exists()


def test_a_scenario_is_kept_only_on_a_draft(proposal_2020_21, finance, manager):
    programme_services.biennium_submit(biennium=proposal_2020_21, by=manager)
    with pytest.raises(programme_services.BienniumLocked):
        keep(proposal_2020_21, finance)


def test_a_scenario_without_a_name_or_a_change_is_refused(proposal_2020_21, finance):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        keep(proposal_2020_21, finance, name=" ")
    with pytest.raises(ValidationError, match="changes no figure"):
        scenarios.scenario_keep(biennium=proposal_2020_21, by=finance, name="x", changes=Changes())
    assert not WhatIfScenario.objects.exists()


def test_a_scenario_of_figures_saved_since_the_panel_was_opened_is_not_kept(
    client, proposal_2020_21, finance, manager
):
    client.force_login(finance)
    panel = client.get(
        reverse("whatif:panel", kwargs={"years": "2020-21"}),
        {"income_ilo": str(ILO_UP), "compute": "1"},
    )
    keep_form = panel.content.decode().split('id="keep-heading"')[1].split("</form>")[0]
    posted = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', keep_form))
    assert posted["seen_income_ilo"] == "2462895.00"
    budget = proposed(proposal_2020_21)
    budget_update_figures(  # a colleague saves the ILO contribution meanwhile
        budget=budget,
        by=manager,
        values=FigureValues(
            brought_forward=budget.funds_brought_forward,
            expenditure=budget.total_expenditure,
            income={IncomeLine.ILO: Decimal("2470000.00")},
        ),
        seen_version=budget.version,
    )
    response = client.post(
        reverse("whatif:scenario_keep", kwargs={"years": "2020-21"}),
        {**posted, "name": "ILO +2 %"},
        follow=True,
    )
    assert "Not kept: ILO contribution saved by someone since" in response.content.decode()
    assert not WhatIfScenario.objects.exists()


def test_the_scenarios_page_takes_the_same_queries_for_one_scenario_as_for_six(
    client, proposal_2020_21, finance
):
    client.force_login(finance)
    url = reverse("whatif:scenarios", kwargs={"years": "2020-21"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    keep(proposal_2020_21, finance, name="Scenario 0")
    one = queries()
    for number in range(1, 6):
        keep(proposal_2020_21, finance, name=f"Scenario {number}", expenditure=Decimal(number))
    assert queries() == one
    assert one <= 20
