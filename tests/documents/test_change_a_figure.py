"""Change a figure in the data and the next export says the new one, in the text and tables."""

from decimal import Decimal

import pytest

from budget.models import BudgetPhase, IncomeEstimate, IncomeLine

from .readers import (
    docx_numbered_paragraphs,
    docx_table_rows,
    evaluate,
    open_docx,
    open_xlsx,
    pdf_text,
)

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def ilo_contribution_raised(proposal_2020_21):
    """Finance raises the proposed ILO contribution from US$2,462,895 to US$2,500,000."""
    updated = IncomeEstimate.objects.filter(
        budget__biennium=proposal_2020_21,
        budget__phase=BudgetPhase.PROPOSED,
        line=IncomeLine.ILO,
    ).update(amount=Decimal("2500000.00"))
    assert updated == 1
    return proposal_2020_21


def test_the_seed_figures_before_the_change(export_2020_21):
    paragraphs = docx_numbered_paragraphs(open_docx(export_2020_21("docx")))
    assert "US$2,462,895, which represents an increase of US$25,592" in paragraphs[23]


def test_paragraphs_say_the_new_figures(ilo_contribution_raised, export_2020_21):
    paragraphs = docx_numbered_paragraphs(open_docx(export_2020_21("docx")))
    # Paragraph 24: the contribution and its increase on 2018–19 (2,437,303).
    assert "US$2,500,000, which represents an increase of US$62,697" in paragraphs[23]
    # Paragraph 23: total income, 3,387,895 + 37,105.
    assert paragraphs[22].endswith("amounts to US$3,425,000.")
    body = pdf_text(export_2020_21("pdf"), min_size=10)
    assert "US$2,500,000, which represents an increase of US$62,697" in body
    assert "amounts to US$3,425,000." in body


def test_appendix_one_shows_the_new_figure_and_totals(ilo_contribution_raised, export_2020_21):
    rows = {r[0]: r[1:] for r in docx_table_rows(open_docx(export_2020_21("docx")).tables[0])}
    assert rows["ILO contribution"][2] == "2 500 000"
    assert rows["Total income"][2] == "3 425 000"
    assert rows["C. Total funds available"][2] == "4 614 434"
    assert rows["E. Funds to be carried forward to the next financial year"][2] == "881 234"
    body = pdf_text(export_2020_21("pdf"), min_size=10)
    assert "ILO contribution 2 437 303 2 437 303 2 500 000" in body
    assert "Total income 3 317 303 3 567 303 3 425 000" in body
    sheet = open_xlsx(export_2020_21("xlsx"))["Appendix I"]
    assert sheet["D9"].value == 2500000
    assert evaluate(sheet, "D15") == 3425000
    assert evaluate(sheet, "D18") == 881234
