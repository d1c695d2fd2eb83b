"""What-if (issue 8): changed inputs show their effect before and after, and nothing is saved."""

from decimal import Decimal

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from budget.appendices import AppendixOne, AppendixTwo, BudgetColumn, Column, SubprogrammeRow
from budget.models import Budget, IncomeEstimate, IncomeLine, Subprogramme
from budget.whatif import Changes, what_if
from programme.models import Biennium, Paragraph, Section
from programme.selectors import NumberedParagraph

D = Decimal


def hand_worked() -> tuple[Biennium, AppendixOne, AppendixTwo]:
    income = dict.fromkeys(IncomeLine.values, D(0))
    income |= {IncomeLine.ILO: D("1000"), IncomeLine.HOST_COUNTRY: D("500")}
    proposed = BudgetColumn(
        key=Column.PROPOSED,
        biennium_label="2022–23",
        phase="proposed",
        phase_label="Proposed budget",
        brought_forward=D("200"),
        income=income,
        expenditure=D("1400"),
    )
    one = AppendixOne(
        "2022–23",
        {
            Column.PROPOSED: proposed,
            Column.PREVIOUS_APPROVED: None,
            Column.PREVIOUS_ANTICIPATED: None,
        },
    )
    rows = [
        SubprogrammeRow({"en": "Knowledge"}, 24, 12, D("600"), D("200")),
        SubprogrammeRow({"en": "Administration"}, 12, 24, D("400"), D("200")),
    ]
    return Biennium(start_year=2022, end_year=2023), one, AppendixTwo("2022–23", rows)


def numbered(number: int, text: str) -> NumberedParagraph:
    section = Section(kind=Section.Kind.BUDGET)
    return NumberedParagraph(number, Paragraph(text={"en": text}), section, None)


def by_label(rows) -> dict:
    return {row.label: (row.before, row.after) for row in rows}


def test_a_changed_ilo_contribution_moves_total_income_c_and_e_by_the_same_amount():
    biennium, one, two = hand_worked()
    outcome = what_if(
        biennium=biennium,
        one=one,
        two=two,
        paragraphs=[],
        changes=Changes(income={IncomeLine.ILO: D("1100")}),
    )
    rows = by_label(outcome.appendix_one)
    # B = 1000 + 500 = 1500 → 1600; C = A + B = 1700 → 1800; E = C − D = 300 → 400.
    assert rows["B. Total income"] == (D("1500"), D("1600"))
    assert rows["C. Total funds available"] == (D("1700"), D("1800"))
    assert rows["D. Total expenditure"] == (D("1400"), D("1400"))
    assert rows["E. Funds carried forward"] == (D("300"), D("400"))


def test_a_changed_a_and_staff_cost_show_in_c_e_and_the_appendix_ii_totals():
    biennium, one, two = hand_worked()
    outcome = what_if(
        biennium=biennium,
        one=one,
        two=two,
        paragraphs=[],
        changes=Changes(brought_forward=D("0"), staff_cost={1: D("500")}),
    )
    rows = by_label(outcome.appendix_one)
    assert rows["C. Total funds available"] == (D("1700"), D("1500"))
    assert rows["E. Funds carried forward"] == (D("300"), D("100"))
    totals = by_label(outcome.appendix_two)
    assert totals["Staff cost"] == (D("1000"), D("1100"))
    assert totals["Total"] == (D("1400"), D("1500"))


def test_every_paragraph_whose_bound_figure_changes_is_listed_with_both_values():
    biennium, one, two = hand_worked()
    paragraphs = [
        numbered(24, "The ILO contribution will amount to US$[[income.ilo.proposed]]."),
        numbered(25, "The host country pays US$[[income.host_country.proposed]]."),
        numbered(
            26, "Total income: US$[[total_income.proposed]], stated [[total_income.proposed|1500]]."
        ),
    ]
    outcome = what_if(
        biennium=biennium,
        one=one,
        two=two,
        paragraphs=paragraphs,
        changes=Changes(income={IncomeLine.ILO: D("1100")}),
    )
    assert [(p.number, p.figures) for p in outcome.paragraphs] == [
        (24, [("ILO contribution (proposed)", "1,000", "1,100")]),
        (26, [("B. Total income (proposed)", "1,500", "1,600")]),
    ]


def test_no_change_changes_nothing():
    biennium, one, two = hand_worked()
    outcome = what_if(biennium=biennium, one=one, two=two, paragraphs=[], changes=Changes())
    assert not any(row.changed for row in outcome.appendix_one + outcome.appendix_two)


def budget_rows() -> list:
    return [
        model_to_dict(row)
        for model in (Budget, IncomeEstimate, Subprogramme)
        for row in model.objects.order_by("pk")
    ]


@pytest.mark.django_db
def test_the_panel_shows_the_effect_and_writes_nothing(client, proposal_2020_21, finance):
    client.force_login(finance)
    before = budget_rows()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(
            "/bienniums/2020-21/what-if/",
            {"income_ilo": "2000000", "compute": "1"},
        )
    assert page.status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    assert budget_rows() == before
    assert "Paragraph 24" in page.text and "2,000,000" in page.text
    assert "E. Funds carried forward" in page.text


@pytest.mark.django_db
def test_the_panel_refuses_a_bad_figure_beside_its_field(client, proposal_2020_21, manager):
    client.force_login(manager)
    page = client.get("/bienniums/2020-21/what-if/", {"income_ilo": "lots", "compute": "1"})
    assert page.status_code == 200
    assert "is-invalid" in page.text and "Paragraphs whose figures change" not in page.text


@pytest.mark.django_db
def test_the_panel_is_for_a_draft(client, proposal_2020_21, manager):
    from programme.services import biennium_submit

    biennium_submit(biennium=proposal_2020_21, by=manager)
    client.force_login(manager)
    page = client.get("/bienniums/2020-21/what-if/", {"income_ilo": "1", "compute": "1"})
    assert "the what-if panel is for a draft" in page.text
    assert "E. Funds carried forward" not in page.text


@pytest.mark.django_db
def test_the_panel_reads_in_a_fixed_number_of_queries(
    client, proposal_2020_21, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(15):
        page = client.get("/bienniums/2020-21/what-if/", {"income_ilo": "1", "compute": "1"})
    assert page.status_code == 200
