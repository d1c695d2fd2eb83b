"""In a real browser, the figures page's totals follow the typing (static/js/budget-tables.js)."""

import pytest

from tests.factories import finance_user

# The live server sees only committed data, so these tests commit (and empty the database).
pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

URL = "/bienniums/2020-21/budget/figures/"


@pytest.fixture
def on_figures_page(proposal_2020_21, page, log_in):
    """Run steps(page) on the figures page, logged in as finance."""

    def run(steps) -> None:
        log_in(finance_user())
        page.goto(URL)
        steps(page)
        page.wait_for_load_state("networkidle")

    return run


def derived(page, row: str, column: str = "proposed") -> str:
    return page.locator(f'[data-column="{column}"][data-derived="{row}"]').inner_text()


def test_appendix_one_totals_follow_the_typing(on_figures_page):
    def steps(page):
        assert derived(page, "total_income") == "3,387,895"
        page.get_by_label("ILO contribution, 2020–21 Proposed budget").fill("2500000.50")
        assert derived(page, "total_income") == "3,425,001"  # 3,425,000.50, half rounds up
        assert derived(page, "funds_available") == "4,614,435"
        assert derived(page, "carried_forward") == "881,235"
        # The read-only 2018–19 columns keep their saved totals.
        assert derived(page, "total_income", "previous_anticipated") == "3,567,303"

    on_figures_page(steps)


def test_cents_add_up_exactly(on_figures_page):
    def steps(page):
        label = "{}, 2020–21 Proposed budget"
        page.get_by_label(label.format("Sales of publications and printing services")).fill("0.10")
        page.get_by_label(label.format("Miscellaneous income")).fill("0.20")
        page.get_by_label(label.format("Host country contribution")).fill("0.20")
        # 2,462,895 + 500,000 + 280,000 + 0.50, in cents: no 0.30000000000000004 anywhere.
        assert derived(page, "total_income") == "3,242,896"

    on_figures_page(steps)


def test_a_mistyped_figure_is_marked_and_the_totals_wait(on_figures_page):
    def steps(page):
        field = page.get_by_label("ILO contribution, 2020–21 Proposed budget")
        field.fill("12.345")
        assert "is-invalid" in field.get_attribute("class")
        assert derived(page, "total_income") == "…"
        field.fill("-5")
        assert "is-invalid" in field.get_attribute("class")
        field.fill("2462895")
        assert "is-invalid" not in field.get_attribute("class")
        assert derived(page, "total_income") == "3,387,895"

    on_figures_page(steps)


def test_appendix_two_totals_follow_the_typing_and_rows_can_be_added(on_figures_page):
    def steps(page):
        table = page.locator("[data-appendix-two]")
        assert table.locator('[data-total="total"]').inner_text() == "3,733,200"
        assert page.locator("[data-d-mismatch]").is_hidden()

        table.locator('[name="sub-0-professional_months"]').fill("30")
        assert table.locator('[data-total="professional"]').inner_text() == "4/06"

        page.get_by_role("button", name="Add a subprogramme").click()
        table.locator('[name="sub-6-staff_cost"]').fill("1000.25")
        table.locator('[name="sub-6-non_staff_cost"]').fill("0.50")
        assert page.locator('[name="sub-TOTAL_FORMS"]').input_value() == "7"
        assert table.locator('[data-total="total"]').inner_text() == "3,734,201"
        assert page.locator("[data-d-mismatch]").is_visible()

        table.locator('[name="sub-2-DELETE"]').check()  # printing services, 210,000
        assert table.locator('[data-total="total"]').inner_text() == "3,524,201"

    on_figures_page(steps)
