"""The appendix workbook of the shipped 2020–21 proposal: the seed's figures, totals as formulas
stored with their results, laid out and formatted as the appendices print them.

openpyxl reads formulas but computes none, so each total is checked three ways: its formula
names the right cells, a tiny evaluator of SUM, + and - over the sheet gives the seed's
figure, and the result stored beside the formula (what pandas or a previewer reads) is the
seed's figure too.
"""

from decimal import Decimal

import pytest

from .readers import evaluate, open_xlsx

pytestmark = pytest.mark.django_db

# Rows of the sheets as the workbook lays them out (title, subtitle, blank, the appendix's
# introductory sentence, blank, header).
ONE = {
    "brought_forward": 7,
    "income_first": 9,
    "income_last": 14,
    "total_income": 15,
    "funds_available": 16,
    "expenditure": 17,
    "carried_forward": 18,
}
TWO_FIRST = 6  # title, subtitle, blank, two header rows
MONEY = '# ### ### ##0;-# ### ### ##0;"-"'
WORK = '0"/"00;-0"/"00;"–"'


def figure(text: str) -> Decimal:
    """A figure as the seed prints it (1 189 434, '-' for zero) as a number."""
    return Decimal(0) if text in ("-", "–") else Decimal(text.replace(" ", ""))


def months(text: str) -> int:
    """Work as the seed prints it (2/00, '–' for none) in months."""
    if text == "–":
        return 0
    years, rest = text.split("/")
    return int(years) * 12 + int(rest)


def work_value(text: str) -> int:
    """Work as the workbook stores it under its 0"/"00 format: 2/00 is 200, 1/06 is 106."""
    return 0 if text == "–" else int(text.replace("/", ""))


@pytest.fixture
def xlsx(export_2020_21):
    return export_2020_21("xlsx")


@pytest.fixture
def workbook(xlsx):
    return open_xlsx(xlsx)


def test_the_workbook_has_one_sheet_per_appendix(workbook):
    assert workbook.sheetnames == ["Appendix I", "Appendix II"]


def test_appendix_one_starts_with_its_introductory_sentence(workbook, seed):
    sheet = workbook["Appendix I"]
    assert [sheet["A1"].value, sheet["A2"].value] == ["Appendix I", "Proposed income and expenses"]
    assert sheet["A4"].value.startswith(
        "The following table shows the proposed income and expenditure"
    )
    assert "1 January 2020 to 31 December 2021" in sheet["A4"].value


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
    numbers = [n for n in range(ONE["brought_forward"], ONE["carried_forward"] + 1) if n != 8]
    for number, (label, marker, figures) in zip(numbers, rows, strict=True):
        assert sheet[f"A{number}"].value == label + ("¹" if marker else "")
        for column, printed in zip("BCD", figures, strict=True):
            assert evaluate(sheet, f"{column}{number}") == figure(printed), (label, column)


def test_appendix_one_d_is_the_appendix_two_total(workbook, seed):
    sheet = workbook["Appendix I"]
    total_row = TWO_FIRST + len(seed.appendix_two) - 1
    assert sheet[f"D{ONE['expenditure']}"].value == f"='Appendix II'!F{total_row}"
    assert evaluate(sheet, f"D{ONE['expenditure']}") == figure(seed.appendix_two[-1][1][4])


def test_appendix_two_totals_are_formulas_and_compute_the_seeds_figures(workbook, seed):
    sheet = workbook["Appendix II"]
    first = TWO_FIRST
    for offset, (label, figures) in enumerate(seed.appendix_two[:-1]):
        number = first + offset
        assert sheet[f"A{number}"].value == label
        professional, general, staff, non_staff, total = figures
        assert sheet[f"B{number}"].value == work_value(professional)
        assert sheet[f"C{number}"].value == work_value(general)
        assert evaluate(sheet, f"D{number}") == figure(staff)
        assert evaluate(sheet, f"E{number}") == figure(non_staff)
        assert evaluate(sheet, f"F{number}") == figure(total)
    last = first + len(seed.appendix_two) - 2  # the row above the total
    total_row = last + 1
    for column in "DEF":
        assert sheet[f"{column}{total_row}"].value == f"=SUM({column}{first}:{column}{last})"
    for column in "BC":  # work adds up in months: 1/06 + 1/06 is 3/00
        cells = f"{column}{first}:{column}{last}"
        months_total = f"SUMPRODUCT(INT({cells}/100)*12+MOD({cells},100))"
        assert sheet[f"{column}{total_row}"].value == (
            f"=INT({months_total}/12)*100+MOD({months_total},12)"
        )
    for number in range(first, total_row):
        assert sheet[f"F{number}"].value == f"=D{number}+E{number}"


def test_every_total_is_stored_with_its_result(xlsx, seed):
    """What pandas, openpyxl's data_only and file previewers read: no blank totals."""
    cached = open_xlsx(xlsx, cached=True)
    one = cached["Appendix I"]
    rows = [row for row in seed.appendix_one if row[2]]
    numbers = [n for n in range(ONE["brought_forward"], ONE["carried_forward"] + 1) if n != 8]
    for number, (label, _marker, figures) in zip(numbers, rows, strict=True):
        for column, printed in zip("BCD", figures, strict=True):
            assert Decimal(str(one[f"{column}{number}"].value or 0)) == figure(printed), label
    two = cached["Appendix II"]
    total_row = TWO_FIRST + len(seed.appendix_two) - 1
    label, (professional, general, staff, non_staff, total) = seed.appendix_two[-1]
    assert two[f"A{total_row}"].value == label
    assert [two[f"{c}{total_row}"].value for c in "BC"] == [
        work_value(professional),
        work_value(general),
    ]
    assert [Decimal(str(two[f"{c}{total_row}"].value)) for c in "DEF"] == [
        figure(staff),
        figure(non_staff),
        figure(total),
    ]


def test_figures_are_numbers_shown_as_the_document_shows_them(workbook):
    sheet = workbook["Appendix I"]
    assert sheet["B9"].value == 2437303
    assert sheet["B9"].number_format == MONEY  # 2 437 303, and "-" for zero, in every locale
    assert sheet["B9"].alignment.horizontal == "right"
    assert workbook["Appendix II"]["B6"].number_format == WORK  # 200 shows as 2/00


def test_the_workbook_uses_one_font(workbook):
    fonts = {
        (cell.font.name)
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    assert fonts == {"Times New Roman"}


def test_header_rows_are_tall_enough_for_their_wrapped_lines(workbook):
    """ "2018–19 / Anticipated income and expenditure / (US$)" wraps to four lines in its
    column: the row must show them all, not cut the heading off."""
    sheet = workbook["Appendix I"]
    header_row = ONE["brought_forward"] - 1
    heading = sheet[f"C{header_row}"].value
    assert heading == "2018–19\nAnticipated income and expenditure\n(US$)"
    # openpyxl files columns of one width under the first of them
    width = next(d.width for d in sheet.column_dimensions.values() if d.min <= 3 <= d.max)
    lines = sum(-(-len(line) // int(width - 2)) for line in heading.split("\n"))
    assert lines >= 4
    assert sheet.row_dimensions[header_row].height >= 13 * lines
