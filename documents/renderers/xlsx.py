"""Appendix I and II as a workbook that reads like the appendices: figures as numbers, totals
as formulas stored with their results.

Each appendix is a sheet laid out as the document prints it: title, subtitle, the appendix's
introductory text, the table and its notes, in the document's one font. Inputs are the model's
raw values; every cell the model marks as a total is a formula over the cells it totals
(=SUM(B7:B12), =B5+B13, =B14-B15, Appendix I's proposed D = Appendix II's total), written with
the model's figure as its cached result, so a reader that computes nothing (pandas, openpyxl's
data_only, a file previewer) still sees every total. Work is shown as the appendix prints it
(2/00): the cell holds years × 100 + months under the format 0"/"00, and a total of work
converts to months and back. Money is grouped with spaces (817 837), zero shows as "-".
Text is written as text: a label starting with "=" never becomes a formula.
"""

import math
import re
from io import BytesIO

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from .. import model as m

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSION = "xlsx"

FONT = "Times New Roman"  # the Word document's font
# Literal spaces between digit placeholders group like the printed appendix, in every locale.
MONEY_FORMAT = '# ### ### ##0;-# ### ### ##0;"-"'
WORK_FORMAT = '0"/"00;-0"/"00;"–"'
NUMBER_FORMATS = {m.CellKind.MONEY: MONEY_FORMAT, m.CellKind.WORK_MONTHS: WORK_FORMAT}
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
TOTAL_ROWS = ("total", "total_income", "funds_available")
CHARACTERS_PER_WIDTH = 1.1  # column width in characters per unit of the model's relative width
SHEET_WIDTH = 110  # characters across all columns
LINE_HEIGHT = 13  # points per line of 10-point text


def work_value(months: int) -> int:
    """2 years and 0 months as 200, shown as 2/00 by WORK_FORMAT."""
    years, rest = divmod(months, 12)
    return years * 100 + rest


def _months_of(cells: str) -> str:
    """A work cell's (or range's) value back in months, inside a formula."""
    return f"INT({cells}/100)*12+MOD({cells},100)"


class _Sheets:
    """Where each table's rows landed, so a formula can name a cell of another sheet."""

    def __init__(self):
        self.rows: dict[str, dict[str, int]] = {}
        self.names: dict[str, str] = {}

    def cell(self, ref: m.CellRef, table: str) -> str:
        address = xl_rowcol_to_cell(self.rows[ref.table or table][ref.row], ref.column)
        return f"{quote_sheetname(self.names[ref.table])}!{address}" if ref.table else address


def formula(total: m.Formula, table: str, sheets: _Sheets, kind: str = m.CellKind.MONEY) -> str:
    """The total as a spreadsheet formula: SUM over a contiguous range where it can be."""
    local = [ref for ref in total.plus if not ref.table]
    columns = {ref.column for ref in local}
    numbers = sorted(sheets.rows[table][ref.row] for ref in local)
    contiguous = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False
    whole_range = (
        not total.minus and len(local) == len(total.plus) > 2 and len(columns) == 1 and contiguous
    )
    if whole_range:
        column = next(iter(columns))
        cells = f"{xl_rowcol_to_cell(numbers[0], column)}:{xl_rowcol_to_cell(numbers[-1], column)}"
        if kind == m.CellKind.WORK_MONTHS:
            months = f"SUMPRODUCT({_months_of(cells)})"
            return f"=INT({months}/12)*100+MOD({months},12)"
        return f"=SUM({cells})"
    expression = "+".join(sheets.cell(ref, table) for ref in total.plus)
    expression += "".join(f"-{sheets.cell(ref, table)}" for ref in total.minus)
    return f"={expression}"


class _Formats:
    """XlsxWriter formats made once per workbook, keyed by what they look like."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.made: dict[tuple, object] = {}

    def __call__(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self.made:
            self.made[key] = self.workbook.add_format(
                {"font_name": FONT, "font_size": 10, **properties}
            )
        return self.made[key]


def _cached(data: m.Cell):
    if data.value is None:
        return 0
    return work_value(data.value) if data.kind == m.CellKind.WORK_MONTHS else data.value


def _intro_text(section: m.Section) -> list[str]:
    """The appendix's unnumbered paragraphs, such as Appendix I's introductory sentence."""
    return [
        " ".join(m.plain_text(part.runs) for part in block.parts)
        for block in section.blocks
        if isinstance(block, m.NumberedParagraph) and block.number is None
    ]


def column_widths(table: m.Table) -> list[int]:
    """Each column's width in characters, in the proportions the model gives."""
    total = sum(table.widths)
    return [round(CHARACTERS_PER_WIDTH * SHEET_WIDTH * w / total) for w in table.widths]


def _lines_needed(text: str, width: int) -> int:
    """How many lines `text` wraps to in a cell `width` characters wide (a safe estimate)."""
    return sum(max(1, math.ceil(len(line) / max(width - 2, 1))) for line in text.split("\n"))


def _header(sheet, table: m.Table, top: int, widths: list[int], formats: _Formats) -> int:
    """Header rows with their spans merged, each tall enough for its wrapped lines; returns the
    first row after them."""
    taken: set[tuple[int, int]] = set()
    last = top + len(table.header) - 1
    heights = [1] * len(table.header)
    for r, header_row in enumerate(table.header):
        c = 0
        for head in header_row:
            while (r, c) in taken:
                c += 1
            text = "\n".join(line for line in head.lines if line)
            bottom = top + r + head.rowspan - 1
            look = formats(
                bold=True,
                align=head.align,
                valign="bottom",
                text_wrap=True,
                top=2 if r == 0 else 0,
                bottom=1 if bottom == last else 0,
            )
            if head.colspan > 1 or head.rowspan > 1:
                sheet.merge_range(top + r, c, bottom, c + head.colspan - 1, text, look)
            else:
                sheet.write_string(top + r, c, text, look)
            if head.rowspan == 1:
                width = sum(widths[c : c + head.colspan])
                heights[r] = max(heights[r], _lines_needed(text, width))
            for rr in range(r, r + head.rowspan):
                for cc in range(c, c + head.colspan):
                    taken.add((rr, cc))
            c += head.colspan
    for r, lines in enumerate(heights):
        sheet.set_row(top + r, LINE_HEIGHT * lines + 2)
    return last + 1


def _page_header(block: m.TitleBlock) -> str:
    """The printed page's header, as the document's: its symbol left; its date and original
    language right ("&" is the header's control character, so a literal one is doubled)."""
    left = block.symbol.replace("&", "&&")
    right = "  ".join(line for line in (block.date, block.original) if line).replace("&", "&&")
    return f"&L&9{left}&R&9{right}"


def _sheet(
    workbook,
    formats: _Formats,
    sheets: _Sheets,
    document: m.Document,
    section: m.Section,
    table: m.Table,
):
    sheet = workbook.get_worksheet_by_name(sheets.names[table.key])
    last_column = table.column_count - 1
    row_number = 0
    for line, look in (
        (section.title, formats(bold=True, font_size=12)),
        (section.subtitle, formats(bold=True)),
    ):
        if line:
            sheet.write_string(row_number, 0, line, look)
            row_number += 1
    for text in _intro_text(section):
        row_number += 1
        sheet.merge_range(
            row_number, 0, row_number, last_column, text, formats(text_wrap=True, valign="top")
        )
        sheet.set_row(row_number, LINE_HEIGHT * _lines_needed(text, SHEET_WIDTH) + 2)
        row_number += 1
    row_number += 1

    widths = column_widths(table)
    first = _header(sheet, table, row_number, widths, formats)
    rows = sheets.rows[table.key]
    last = first + len(table.rows) - 1
    for row in table.rows:
        number = rows[row.key]
        for column, data in enumerate(row.cells):
            look = formats(
                bold=row.strong,
                align=data.align,
                indent=data.indent * 2,
                num_format=NUMBER_FORMATS.get(data.kind, ""),
                top=1 if row.key in TOTAL_ROWS else 0,
                bottom=2 if number == last else 0,
            )
            if data.formula is not None:
                text = formula(data.formula, table.key, sheets, data.kind)
                sheet.write_formula(number, column, text, look, _cached(data))
            elif data.value is not None:
                value = (
                    work_value(data.value) if data.kind == m.CellKind.WORK_MONTHS else data.value
                )
                sheet.write_number(number, column, value, look)
            elif data.text or data.note:
                sheet.write_string(
                    number, column, data.text + data.note.translate(SUPERSCRIPT), look
                )
            else:
                sheet.write_blank(number, column, None, look)
    row_number = last + 2
    for note in table.notes:
        sheet.write_string(
            row_number, 0, f"{note.marker.translate(SUPERSCRIPT)} {note.text}", formats(font_size=9)
        )
        row_number += 1

    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.set_header(_page_header(document.title_block))
    sheet.freeze_panes(first, 1)
    sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, row_number, last_column)


def _layout(section: m.Section, table: m.Table) -> int:
    """The sheet row of the table's first body row, as _sheet writes it."""
    above = sum(1 for line in (section.title, section.subtitle) if line)
    above += 2 * len(_intro_text(section)) + 1
    return above + len(table.header)


def render(document: m.Document) -> bytes:
    """Appendix I and II as XLSX bytes."""
    buffer = BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    formats = _Formats(workbook)
    sheets = _Sheets()
    placed = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, m.Table):
                name = SHEET_TITLE_FORBIDDEN.sub(" ", block.sheet_title or section.title)[:31]
                sheets.names[block.key] = name or block.key
                first = _layout(section, block)
                sheets.rows[block.key] = {row.key: first + i for i, row in enumerate(block.rows)}
                workbook.add_worksheet(sheets.names[block.key])
                placed.append((section, block))
    for section, table in placed:
        _sheet(workbook, formats, sheets, document, section, table)
    workbook.set_properties(
        {
            "title": document.title_block.title,
            "subject": document.title_block.symbol,
            "author": document.title_block.organisation,
        }
    )
    workbook.close()
    return buffer.getvalue()
