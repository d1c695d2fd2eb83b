"""Appendix I and II as a workbook: the figures as numbers, the totals as formulas.

Each appendix is a sheet laid out as the document prints it. Inputs are the model's raw values;
every cell the model marks as a total is written as a formula over the cells it totals
(=SUM(B7:B12), =B5+B13, =B14-B15), so the workbook stays right when finance edits a figure.
openpyxl writes no cached results, so the workbook asks to be recalculated when opened.
Text is written as text: a label starting with "=" never becomes a formula.
"""

import re
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .. import model as m

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSION = "xlsx"

NUMBER_FORMATS = {
    m.CellKind.MONEY: '#,##0;-#,##0;"-"',
    m.CellKind.WORK_MONTHS: '0" months";-0" months";"–"',
}
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
THIN, THICK = Side(style="thin"), Side(style="medium")
BOLD = Font(bold=True)


def _text(cell, text: str) -> None:
    """Write `text` as a string, whatever it starts with."""
    cell.value = text
    cell.data_type = "s"


def _reference(table_rows: dict[str, int], ref: m.CellRef) -> str:
    return f"{get_column_letter(ref.column + 1)}{table_rows[ref.row]}"


def formula(total: m.Formula, rows: dict[str, int]) -> str:
    """The total as a spreadsheet formula: SUM over a contiguous range where it can be."""
    plus = [(ref.column, rows[ref.row]) for ref in total.plus]
    columns = {column for column, _row in plus}
    numbers = sorted(row for _column, row in plus)
    contiguous = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False
    if not total.minus and len(plus) > 2 and len(columns) == 1 and contiguous:
        letter = get_column_letter(next(iter(columns)) + 1)
        return f"=SUM({letter}{numbers[0]}:{letter}{numbers[-1]})"
    expression = "+".join(_reference(rows, ref) for ref in total.plus)
    expression += "".join(f"-{_reference(rows, ref)}" for ref in total.minus)
    return f"={expression}"


def _sheet(workbook: Workbook, section: m.Section, table: m.Table) -> None:
    title = SHEET_TITLE_FORBIDDEN.sub(" ", table.sheet_title or section.title)[:31] or table.key
    sheet = workbook.create_sheet(title)
    row_number = 1
    for line, font in ((section.title, Font(bold=True, size=12)), (section.subtitle, BOLD)):
        if line:
            _text(sheet.cell(row_number, 1), line)
            sheet.cell(row_number, 1).font = font
            row_number += 1
    row_number += 1

    # Header rows, with their spans merged.
    taken: set[tuple[int, int]] = set()
    header_top = row_number
    for r, header_row in enumerate(table.header):
        c = 0
        for head in header_row:
            while (r, c) in taken:
                c += 1
            cell = sheet.cell(header_top + r, c + 1)
            _text(cell, "\n".join(line for line in head.lines if line))
            cell.font = BOLD
            cell.alignment = Alignment(horizontal=head.align, vertical="bottom", wrap_text=True)
            if head.colspan > 1 or head.rowspan > 1:
                sheet.merge_cells(
                    start_row=header_top + r,
                    start_column=c + 1,
                    end_row=header_top + r + head.rowspan - 1,
                    end_column=c + head.colspan,
                )
            for rr in range(r, r + head.rowspan):
                for cc in range(c, c + head.colspan):
                    taken.add((rr, cc))
            c += head.colspan
    for column in range(1, table.column_count + 1):
        sheet.cell(header_top, column).border = Border(top=THICK)
        sheet.cell(header_top + len(table.header) - 1, column).border = Border(bottom=THIN)
    sheet.row_dimensions[header_top + len(table.header) - 1].height = 45
    row_number = header_top + len(table.header)

    rows = {row.key: row_number + index for index, row in enumerate(table.rows)}
    for row in table.rows:
        number = rows[row.key]
        for column, data in enumerate(row.cells, start=1):
            cell = sheet.cell(number, column)
            if data.formula is not None:
                cell.value = formula(data.formula, rows)
            elif data.value is not None:
                cell.value = data.value
            elif data.text or data.note:
                label = data.text + data.note.translate(SUPERSCRIPT)
                _text(cell, label)
            if data.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[data.kind]
            cell.alignment = Alignment(horizontal=data.align, indent=data.indent * 2)
            if row.strong:
                cell.font = BOLD
        if row.key in ("total", "total_income", "funds_available"):
            for column in range(1, table.column_count + 1):
                sheet.cell(number, column).border = Border(top=THIN)
    last = row_number + len(table.rows) - 1
    for column in range(1, table.column_count + 1):
        cell = sheet.cell(last, column)
        cell.border = Border(top=cell.border.top, bottom=THICK)
    row_number = last + 2
    for note in table.notes:
        _text(sheet.cell(row_number, 1), f"{note.marker.translate(SUPERSCRIPT)} {note.text}")
        sheet.cell(row_number, 1).font = Font(size=9)
        row_number += 1

    total_width = sum(table.widths)
    for column, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = round(100 * width / total_width)
    sheet.freeze_panes = sheet.cell(header_top + len(table.header), 2)
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def render(document: m.Document) -> bytes:
    """Appendix I and II as XLSX bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, m.Table):
                _sheet(workbook, section, block)
    workbook.properties.title = document.title_block.title
    workbook.properties.subject = document.title_block.symbol
    workbook.properties.creator = document.title_block.organisation
    workbook.calculation.fullCalcOnLoad = True
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
