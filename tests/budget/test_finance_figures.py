"""Finance edits Appendix I and II as tables; the server checks, saves all or nothing, totals."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from budget import services
from budget.appendices import Column, appendices
from budget.models import Budget, IncomeEstimate, Subprogramme
from cinterfor.concurrency import ConcurrentEdit, save_if_unchanged
from programme.models import Biennium
from programme.services import biennium_submit

D = Decimal
URL = "/bienniums/2020-21/budget/figures/"


class _Inputs(HTMLParser):
    """The values a browser would post from a page's inputs and textareas (not the row template)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_template = 0
        self.textarea: str | None = None  # the name of the textarea being read

    def handle_starttag(self, tag, attrs):
        if tag == "template":
            self.in_template += 1
        attributes = dict(attrs)
        if tag == "textarea" and not self.in_template:
            self.textarea = attributes.get("name")
            self.values[self.textarea] = ""
            return
        if tag != "input" or self.in_template or not attributes.get("name"):
            return
        if attributes.get("type") == "checkbox":
            if "checked" in attributes:
                self.values[attributes["name"]] = "on"
            return
        self.values[attributes["name"]] = attributes.get("value") or ""

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        if tag == "textarea" and self.textarea:
            # Django writes a line break after <textarea>, which a browser does not post.
            self.values[self.textarea] = self.values[self.textarea].removeprefix("\n")
            self.textarea = None


def page_inputs(client, url: str = URL) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _Inputs()
    parser.feed(response.content.decode())
    return parser.values


def proposed(biennium) -> object:
    return appendices(biennium)[0].column(Column.PROPOSED)


def saved_state(biennium) -> tuple:
    """Every input and version of the proposal's budgets, to show that nothing was saved."""
    budgets = list(
        Budget.objects.filter(biennium=biennium).values_list(
            "funds_brought_forward", "total_expenditure", "version"
        )
    )
    income = list(
        IncomeEstimate.objects.filter(budget__biennium=biennium)
        .order_by("pk")
        .values_list("amount", "version")
    )
    rows = list(
        Subprogramme.objects.filter(budget__biennium=biennium)
        .order_by("pk")
        .values_list("name", "professional_months", "staff_cost", "version")
    )
    return budgets, income, rows


@pytest.fixture
def finance_client(client, finance):
    client.force_login(finance)
    return client


# Appendix I


def test_finance_edits_appendix_one_and_sees_the_totals_change(
    finance_client, proposal_2020_21, finance
):
    data = page_inputs(finance_client)
    assert data["proposed-income_ilo"] == "2462895"
    data["proposed-income_ilo"] = "2500000"  # +37,105

    response = finance_client.post(URL, data, follow=True)

    page = response.content.decode()
    assert "The figures are saved and every total recomputed." in page
    column = proposed(proposal_2020_21)
    assert column.total_income == D("3425000")
    assert column.funds_available == D("4614434")
    assert column.carried_forward == D("881234")
    # The page shows the totals the server derived from the saved inputs.
    assert 'data-derived="total_income" data-value="3425000.00">3,425,000<' in page
    assert 'data-derived="carried_forward" data-value="881234.00">881,234<' in page


def test_a_saved_figure_records_who_changed_it(finance_client, proposal_2020_21, finance):
    data = page_inputs(finance_client)
    data["proposed-income_publications"] = "31000.50"
    finance_client.post(URL, data)
    estimate = IncomeEstimate.objects.get(
        budget__biennium=proposal_2020_21, budget__phase="proposed", line="publications"
    )
    assert estimate.amount == D("31000.50")
    latest = estimate.history.order_by("-history_date").first()
    assert latest.history_user == finance and latest.amount == D("31000.50")


def test_miscellaneous_income_alone_may_be_negative(finance_client, proposal_2020_21):
    data = page_inputs(finance_client)
    data["proposed-income_miscellaneous"] = "-1500.50"
    finance_client.post(URL, data)
    assert proposed(proposal_2020_21).income["miscellaneous"] == D("-1500.50")


def test_amounts_may_be_grouped_with_spaces(finance_client, proposal_2020_21):
    data = page_inputs(finance_client)
    data["proposed-expenditure"] = "3 733 300"
    finance_client.post(URL, data)
    assert proposed(proposal_2020_21).expenditure == D("3733300")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("proposed-income_ilo", "-5", "The amount cannot be negative."),
        ("proposed-income_ilo", "1000000000000", "Enter an amount below 1,000,000,000,000."),
        ("previous_anticipated-brought_forward", "lots", "Enter an amount in figures"),
        ("previous_anticipated-brought_forward", "1e6", "Enter an amount in figures"),
        ("proposed-expenditure", "10.123", "Enter at most two decimals (cents)."),
        ("proposed-income_host_country", "", "This field is required."),
        ("sub-0-professional_months", "2/15", "After the slash come months, from 00 to 11."),
        ("sub-0-general_service_months", "two", "Enter months (24) or years/months"),
        ("sub-1-staff_cost", "12,5", "Enter an amount in figures"),
        ("sub-1-name_en", "", "This field is required."),
    ],
)
def test_a_bad_input_is_refused_beside_its_field_and_nothing_is_saved(
    finance_client, proposal_2020_21, field, value, message
):
    before = saved_state(proposal_2020_21)
    data = page_inputs(finance_client)
    data["proposed-income_ilo"] = "2500000"  # a valid change in the same save
    data[field] = value

    response = finance_client.post(URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved: correct the figures marked below." in page
    error = page.split(f'id="id_{field}-error">', 1)[1].split("</div>", 1)[0]
    assert message in error
    assert saved_state(proposal_2020_21) == before


def test_previous_approved_column_is_read_only_when_that_biennium_is_approved(
    finance_client, proposal_2020_21
):
    assert Biennium.objects.get(start_year=2018).status == Biennium.Status.APPROVED
    data = page_inputs(finance_client)
    assert not any(name.startswith("previous_approved") for name in data)

    data["previous_approved-income_ilo"] = "1"
    finance_client.post(URL, data)

    assert appendices(proposal_2020_21)[0].column(Column.PREVIOUS_APPROVED).income["ilo"] == D(
        "2437303"
    )


def test_previous_anticipated_column_is_estimated_with_this_proposal(
    finance_client, proposal_2020_21
):
    data = page_inputs(finance_client)
    assert data["previous_anticipated-income_other_countries"] == "440000"
    data["previous_anticipated-income_other_countries"] = "450000"
    finance_client.post(URL, data)

    anticipated = appendices(proposal_2020_21)[0].column(Column.PREVIOUS_ANTICIPATED)
    assert anticipated.income["other_countries"] == D("450000")


# Appendix II


def test_finance_edits_adds_and_removes_subprogrammes(finance_client, proposal_2020_21):
    data = page_inputs(finance_client)
    assert data["sub-TOTAL_FORMS"] == "6"  # five rows and an empty one to fill in
    data["sub-0-professional_months"] = "2/06"
    data["sub-4-general_service_months"] = "30"
    data["sub-2-DELETE"] = "on"  # Printing services and other contributions
    data.update(
        {
            "sub-5-name_en": "Resource mobilization",
            "sub-5-professional_months": "1/00",
            "sub-5-general_service_months": "–",
            "sub-5-staff_cost": "100000",
            "sub-5-non_staff_cost": "10000.25",
        }
    )

    response = finance_client.post(URL, data, follow=True)

    assert "The figures are saved" in response.content.decode()
    two = appendices(proposal_2020_21)[1]
    assert [row.name["en"] for row in two.rows] == [
        "Programme implementation",
        "Knowledge management",
        "Administration, finance and human resources",
        "Management",
        "Resource mobilization",
    ]
    assert two.rows[0].professional_months == 30
    assert two.rows[3].general_service_months == 30
    assert two.rows[4].total == D("110000.25")
    assert two.professional_months == 24 + 6 + 24 + 12
    assert two.total == D("3733200") - D("210000") + D("110000.25")


def test_appendix_two_not_adding_up_to_line_d_is_pointed_out(finance_client, proposal_2020_21):
    data = page_inputs(finance_client)
    data["sub-0-staff_cost"] = "801700"
    response = finance_client.post(URL, data, follow=True)
    assert "but line D of the proposed budget says" in response.content.decode()


def test_a_blank_extra_row_is_ignored(finance_client, proposal_2020_21):
    data = page_inputs(finance_client)
    finance_client.post(URL, data)
    assert Subprogramme.objects.filter(budget__biennium=proposal_2020_21).count() == 5


# Concurrency and state


def test_a_concurrent_edit_is_refused_and_the_first_save_kept(
    finance_client, proposal_2020_21, manager
):
    first = Client()
    first.force_login(manager)
    stale = page_inputs(finance_client)
    fresh = page_inputs(first)

    fresh["proposed-income_ilo"] = "2500000"
    first.post(URL, fresh)
    stale["proposed-income_host_country"] = "120000"
    response = finance_client.post(URL, stale)

    assert "Someone else saved this record while you were editing it." in response.content.decode()
    column = proposed(proposal_2020_21)
    assert column.income["ilo"] == D("2500000")
    assert column.income["host_country"] == D("100000")


def test_a_concurrent_edit_of_a_subprogramme_is_refused(finance_client, proposal_2020_21, manager):
    first = Client()
    first.force_login(manager)
    stale = page_inputs(finance_client)
    fresh = page_inputs(first)

    fresh["sub-0-staff_cost"] = "900000"
    first.post(URL, fresh)
    stale["sub-0-staff_cost"] = "700000"
    response = finance_client.post(URL, stale)

    assert "Someone else saved this record" in response.content.decode()
    assert appendices(proposal_2020_21)[1].rows[0].staff_cost == D("900000")


def test_an_edit_made_elsewhere_to_one_income_row_is_not_overwritten(
    finance_client, proposal_2020_21
):
    stale = page_inputs(finance_client)
    # Someone changes one figure in the admin, which raises only that row's version.
    estimate = IncomeEstimate.objects.get(
        budget__biennium=proposal_2020_21, budget__phase="proposed", line="ilo"
    )
    estimate.amount = D("2470000")
    save_if_unchanged(estimate, seen_version=estimate.version, fields=["amount"])

    stale["proposed-expenditure"] = "3733300"
    response = finance_client.post(URL, stale)

    assert "Someone else saved this record" in response.content.decode()
    column = proposed(proposal_2020_21)
    assert column.income["ilo"] == D("2470000")
    assert column.expenditure == D("3733200")


def test_the_service_refuses_a_stale_version(proposal_2020_21, finance):
    budget = Budget.objects.get(biennium=proposal_2020_21, phase="proposed")
    values = services.FigureValues(
        brought_forward=None, expenditure=budget.total_expenditure + 1, income={}
    )
    with pytest.raises(ConcurrentEdit):
        services.budget_update_figures(
            budget=budget, by=finance, values=values, seen_version=budget.version - 1
        )
    assert Budget.objects.get(pk=budget.pk).total_expenditure == budget.total_expenditure


def test_programme_staff_may_not_change_figures_through_the_service(proposal_2020_21, staff):
    budget = Budget.objects.get(biennium=proposal_2020_21, phase="proposed")
    values = services.FigureValues(
        brought_forward=D("1"), expenditure=budget.total_expenditure, income={}
    )
    with pytest.raises(PermissionDenied):
        services.budget_update_figures(
            budget=budget, by=staff, values=values, seen_version=budget.version
        )


def test_a_submitted_biennium_refuses_edits(finance_client, proposal_2020_21, manager):
    data = page_inputs(finance_client)
    biennium_submit(biennium=proposal_2020_21, by=manager)
    before = saved_state(proposal_2020_21)

    page = finance_client.get(URL).content.decode()
    assert "so it is read-only" in page
    assert 'name="proposed-income_ilo"' not in page

    data["proposed-income_ilo"] = "2500000"
    response = finance_client.post(URL, data, follow=True)
    assert "is submitted and read-only" in response.content.decode()
    assert saved_state(proposal_2020_21) == before


def test_a_new_proposal_starts_its_budget_on_the_page(finance_client, proposal_2020_21):
    Biennium.objects.create(start_year=2022, end_year=2023)
    url = "/bienniums/2022-23/budget/figures/"
    data = page_inputs(finance_client, url)
    assert data["proposed-income_ilo"] == ""
    figures = {"brought_forward": "844129", "expenditure": "3800000"}
    figures.update({f"income_{line}": "1000" for line in services.IncomeLine.values})
    data.update({f"proposed-{row}": value for row, value in figures.items()})
    data.update(
        {
            "sub-0-name_en": "Management",
            "sub-0-professional_months": "24",
            "sub-0-general_service_months": "2/00",
            "sub-0-staff_cost": "3000000",
            "sub-0-non_staff_cost": "800000",
        }
    )

    response = finance_client.post(url, data, follow=True)

    assert "The figures are saved" in response.content.decode()
    one, two = appendices(Biennium.objects.get(start_year=2022))
    assert one.column(Column.PROPOSED).total_income == D("6000")
    assert two.total == D("3800000")
    # The 2020–21 columns were left empty, so no budget was started for them.
    assert not proposal_2020_21.budgets.filter(phase__in=["approved", "anticipated"]).exists()


def test_a_new_column_needs_all_its_figures_or_none(finance_client, proposal_2020_21):
    Biennium.objects.create(start_year=2022, end_year=2023)
    url = "/bienniums/2022-23/budget/figures/"
    data = page_inputs(finance_client, url)
    data["proposed-income_ilo"] = "1000"
    response = finance_client.post(url, data)
    assert "Enter every figure of this column to start its budget." in response.content.decode()
    assert not Budget.objects.filter(biennium__start_year=2022).exists()


def test_programme_staff_get_403_on_the_figures_page(client, proposal_2020_21, staff):
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"proposed-income_ilo": "1"}).status_code == 403


def test_both_tables_are_saved_together_or_not_at_all(finance_client, proposal_2020_21):
    stale = page_inputs(finance_client)
    # Someone changes one subprogramme elsewhere, which raises only that row's version.
    row = Subprogramme.objects.get(budget__biennium=proposal_2020_21, position=1)
    row.staff_cost = D("801700")
    save_if_unchanged(row, seen_version=row.version, fields=["staff_cost"])

    stale["proposed-income_ilo"] = "2500000"  # Appendix I, saved first in the transaction
    stale["sub-0-staff_cost"] = "801800"  # refused: the row changed since the page was read
    response = finance_client.post(URL, stale)

    assert "Someone else saved this record" in response.content.decode()
    assert proposed(proposal_2020_21).income["ilo"] == D("2462895")
    assert appendices(proposal_2020_21)[1].rows[0].staff_cost == D("801700")


# The grid as a spreadsheet (what the server gives static/js/budget-tables.js)


def test_every_subprogramme_input_is_labelled_with_its_row(finance_client, proposal_2020_21):
    html = finance_client.get(URL).content.decode()
    assert 'aria-label="English name of subprogramme 1"' in html
    # One name box, in the source language: the names are translated on the translations pages.
    assert 'aria-label="Spanish name of subprogramme 1"' not in html
    assert 'aria-label="Staff (US$), subprogramme 2"' in html
    assert 'aria-label="Professional service (years/months), subprogramme 3"' in html
    # The row template of "Add a subprogramme" gets its number when it is added.
    assert 'aria-label="English name of subprogramme __number__"' in html


def test_names_are_textareas_that_show_the_whole_name(finance_client, proposal_2020_21):
    html = finance_client.get(URL).content.decode()
    assert '<textarea name="sub-2-name_en"' in html
    assert ">\nPrinting services and other contributions</textarea>" in html  # whole, not cut
    assert "css/figures.css" in html


def test_the_empty_last_row_says_it_adds_a_subprogramme(finance_client, proposal_2020_21):
    html = finance_client.get(URL).content.decode()
    rows = html.split("<tr data-subprogramme-row")
    saved, extra = rows[1:-2], rows[-2]  # the last one is the row template
    assert all("New subprogramme" not in row for row in saved)
    assert "data-new-row" in extra and "New subprogramme" in extra
    assert 'aria-label="English name of subprogramme 6"' in extra  # after the five saved


def test_each_cell_carries_its_saved_value_to_mark_changes(finance_client, proposal_2020_21):
    html = finance_client.get(URL).content.decode()
    assert 'data-saved="2462895.00"' in html  # the ILO contribution, proposed
    assert 'name="proposed-income_ilo"' in html


def test_a_refused_save_keeps_what_was_typed_and_the_saved_value_apart(
    finance_client, proposal_2020_21
):
    values = page_inputs(finance_client)
    values["proposed-income_ilo"] = "12.345"
    html = finance_client.post(URL, values).content.decode()
    assert 'value="12.345"' in html
    assert 'data-saved="2462895.00"' in html  # still marked changed: nothing was saved


def test_the_grid_formats_figures_with_the_languages_separators(finance_client, proposal_2020_21):
    html = finance_client.get(URL).content.decode()
    assert 'data-thousands="," data-decimal="."' in html
    finance_client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    html = finance_client.get(URL).content.decode()
    assert 'data-thousands="\u00a0" data-decimal=","' in html


def test_a_name_pasted_with_line_breaks_is_saved_on_one_line(finance_client, proposal_2020_21):
    values = page_inputs(finance_client)
    values["sub-0-name_en"] = "Knowledge\r\nmanagement  and  networks"
    response = finance_client.post(URL, values)
    assert response.status_code == 302
    names = [s.name["en"] for s in Subprogramme.objects.filter(budget__biennium=proposal_2020_21)]
    assert "Knowledge management and networks" in names


def test_refused_figures_are_listed_at_the_top_linking_to_their_cells(
    finance_client, proposal_2020_21
):
    values = page_inputs(finance_client)
    values["proposed-income_ilo"] = "12.345"
    values["sub-1-staff_cost"] = "lots"
    html = finance_client.post(URL, values).content.decode()
    summary = html.split("data-form-errors>")[1].split("</div>")[0]
    assert (
        '<a href="#id_proposed-income_ilo" class="alert-link">'
        "ILO contribution, 2020–21 Proposed budget</a>: Enter at most two decimals (cents)."
    ) in summary
    assert '<a href="#id_sub-1-staff_cost" class="alert-link">Staff (US$), subprogramme 2</a>' in (
        summary
    )
    assert "js/forms.js" in html


def test_each_remove_box_names_its_row(finance_client, proposal_2020_21):
    html = finance_client.get(URL).content.decode()
    assert "Remove subprogramme 1</span>" in html
    assert "Remove subprogramme __number__</span>" in html  # the row template's


def test_saving_a_name_keeps_its_source_language_only(finance_client, proposal_2020_21):
    first = Subprogramme.objects.filter(budget__biennium=proposal_2020_21).order_by("position")[0]
    first.name = {**first.name, "es": "Nombre antiguo"}  # a value kept before translations moved
    first.save()
    values = page_inputs(finance_client)
    values["sub-0-name_en"] = "Knowledge management"
    response = finance_client.post(URL, values)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.name == {"en": "Knowledge management"}
