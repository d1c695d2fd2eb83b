"""Issue 12 in a real browser: finance takes two payments from a spreadsheet to the figures.

Finance downloads the template, fills two rows (here with openpyxl, as a spreadsheet would),
uploads it, reads the preview, confirms, and sees the received figures change on the
contributions list and the forecast page. The forecast page's markup may change: the test
looks for the figure, not for where it sits.
"""

import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from budget import services
from budget.models import Contribution

# The live server sees only committed data, so these tests commit (and empty the database).
pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

CONTRIBUTIONS = "/bienniums/2020-21/budget/contributions/"
FORECAST = "/bienniums/2020-21/budget/forecast/"
RECEIVED_FROM_THE_FILE = "25,100.00"  # 100.00 US$ + 1,000,000 UYU at 40 UYU per US$


def fill_two_rows(path) -> None:
    """Two payments received from SENA, typed into the template under its headers."""
    book = load_workbook(path)
    sheet = book.active
    column = {cell.value: cell.column for cell in sheet[1]}
    rows = [
        {
            "Institution": "SENA (CO)",
            "Date": datetime.date(2020, 3, 2),
            "Stage": "Received (incoming funds)",
            "Income line": "Contributions from other countries in the region",
            "Amount": 100,
            "Currency": "USD",
            "Reference": "BANK-001",
        },
        {
            "Institution": "SENA (CO)",
            "Date": datetime.date(2020, 3, 17),
            "Stage": "Received (incoming funds)",
            "Income line": "Contributions from other countries in the region",
            "Amount": 1000000,
            "Currency": "UYU",
            "Reference": "BANK-002",
        },
    ]
    for number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=number, column=column[header], value=value)
    book.save(path)


def test_finance_uploads_two_payments_and_sees_the_received_figures_change(
    page, log_in, proposal_2020_21, finance, media, tmp_path
):
    # An example rate, not a UN figure.
    services.rate_enter(
        by=finance, currency="UYU", month=datetime.date(2020, 3, 1), units_per_usd=Decimal("40")
    )
    log_in(finance)
    page.goto(FORECAST)
    expect(page.locator("main")).not_to_contain_text(RECEIVED_FROM_THE_FILE)

    page.goto(CONTRIBUTIONS)
    expect(page.get_by_text("No contribution matches.")).to_be_visible()
    page.get_by_role("link", name="Upload a contributions workbook").click()
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the template").click()
    workbook = tmp_path / "bank-march.xlsx"
    downloading.value.save_as(workbook)
    fill_two_rows(workbook)

    page.get_by_label("Workbook or CSV file").set_input_files(workbook)
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Upload of bank-march.xlsx")).to_be_visible()
    expect(page.locator("[data-status]")).to_contain_text("Checked, waiting for confirmation")
    preview = page.locator("[data-row-status]")
    expect(preview).to_have_count(2)
    expect(preview.nth(0)).to_contain_text("New")
    expect(preview.nth(0)).to_contain_text("SENA (CO) · 2020-03-02 · 100.00 USD · BANK-001")
    expect(preview.nth(1)).to_contain_text(
        "1000000.00 UYU · BANK-002 · 25000.00 US$ at 40 UYU per US$, the rate of 2020-03"
    )
    assert not Contribution.objects.exists()  # nothing saved before confirming

    page.get_by_role("button", name="Save 2 rows").click()
    expect(page.locator("[data-status]")).to_contain_text("Saved")

    page.get_by_role("link", name="Back to the list").click()
    expect(page.get_by_text("2 contributions")).to_be_visible()
    rows = page.locator("main table tbody tr")
    expect(rows.filter(has_text="1,000,000.00 UYU")).to_contain_text(
        "at 40 UYU per US$, the rate of 2020-03"
    )
    expect(rows.filter(has_text="1,000,000.00 UYU")).to_contain_text("25,000.00")
    expect(rows.filter(has_text="100.00 USD")).to_contain_text("Ref. BANK-001")

    page.goto(FORECAST)
    expect(page.locator("main")).to_contain_text(RECEIVED_FROM_THE_FILE)
