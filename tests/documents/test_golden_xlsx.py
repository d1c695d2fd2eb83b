"""The appendix workbook of the shipped 2020–21 proposal: the seed's figures, totals as formulas.

openpyxl reads formulas but computes none, so each total is checked twice: its formula names
the right cells, and a tiny evaluator of SUM, + and - over the sheet gives the seed's figure.
The workbook stores no cached results (openpyxl cannot write them); it asks Excel and
LibreOffice to recalculate on opening.
"""

from decimal import Decimal

import pytest

from .readers import evaluate, open_xlsx

pytestmark = pytest.mark.django_db

# Rows of the sheets as the workbook lays them out (title, subtitle, blank, header).
ONE = {
    "brought_forward": 5,
    "income_first": 7,
    "income_last": 12,
    "total_income": 13,
    "funds_available": 14,
    "expenditure": 15,
    "carried_forward": 16,
}


def figure(text: str) -> Decimal:
    """A figure as the seed prints it (1 189 434, '-' for zero) as a number."""
    return Decimal(0) if text in ("-", "–") else Decimal(text.replace(" ", ""))


def months(text: str) -> int:
    """Work as the seed prints it (2/00, '–' for none) in months."""
    if text == "–":
        return 0
    years, rest = text.split("/")
    return int(years) * 12 + int(rest)


@pytest.fixture
def workbook(export_2020_21):
    return open_xlsx(export_2020_21("xlsx"))


def test_the_workbook_has_one_sheet_per_appendix(workbook):
    assert workbook.sheetnames == ["Appendix I", "Appendix II"]
    assert workbook.calculation.fullCalcOnLoad


def test_appendix_one_totals_are_formulas_over_the_right_cells(workbook):
    sheet = workbook["Appendix I"]
    for column in "BCD":
        r = ONE
        assert sheet[f"{column}{r['total_income']}"].value == (
            f"=SUM({column}{r['income_first']}:{column}{r['income_last']})"
        )
        assert sheet[f"{column}{r['funds_available']}"].value == (
            f"={column}{r['brought_forward']}+{column}{r['total_income']}"
        )
        assert sheet[f"{column}{r['carried_forward']}"].value == (
            f"={column}{r['funds_available']}-{column}{r['expenditure']}"
        )


def test_appendix_one_computes_the_seeds_figures(workbook, seed):
    sheet = workbook["Appendix I"]
    rows = [row for row in seed.appendix_one if row[2]]  # B. Income has no figures
    numbers = [n for n in range(ONE["brought_forward"], ONE["carried_forward"] + 1) if n != 6]
    for number, (label, marker, figures) in zip(numbers, rows, strict=True):
        assert sheet[f"A{number}"].value == label + ("¹" if marker else "")
        for column, printed in zip("BCD", figures, strict=True):
            assert evaluate(sheet, f"{column}{number}") == figure(printed), (label, column)


def test_appendix_two_totals_are_formulas_and_compute_the_seeds_figures(workbook, seed):
    sheet = workbook["Appendix II"]
    first = 6
    for offset, (label, figures) in enumerate(seed.appendix_two):
        number = first + offset
        assert sheet[f"A{number}"].value == label
        professional, general, staff, non_staff, total = figures
        assert evaluate(sheet, f"B{number}") == months(professional)
        assert evaluate(sheet, f"C{number}") == months(general)
        assert evaluate(sheet, f"D{number}") == figure(staff)
        assert evaluate(sheet, f"E{number}") == figure(non_staff)
        assert evaluate(sheet, f"F{number}") == figure(total)
    last = first + len(seed.appendix_two) - 2  # the row above the total
    total_row = last + 1
    for column in "BCDEF":
        assert sheet[f"{column}{total_row}"].value == f"=SUM({column}{first}:{column}{last})"
    for number in range(first, total_row):
        assert sheet[f"F{number}"].value == f"=D{number}+E{number}"


def test_figures_are_numbers_shown_as_the_document_shows_them(workbook):
    sheet = workbook["Appendix I"]
    assert sheet["B7"].value == 2437303
    assert sheet["B7"].number_format == '#,##0;-#,##0;"-"'
    assert sheet["B7"].alignment.horizontal == "right"
    assert workbook["Appendix II"]["B7"].number_format == '0" months";-0" months";"–"'
