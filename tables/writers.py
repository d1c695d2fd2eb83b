"""Write a list as XLSX or CSV: headers in the user's language, dates as dates, money as numbers.

A table is a title, its columns and an iterable of rows; the writers pull the rows one at a time
(querysets read with .iterator()), so a long list never sits in memory whole: the CSV streams,
and the XLSX is written by openpyxl's write-only workbook to a temporary file.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Above this, a temporary file spills from memory to disk.
SPOOL_BYTES = 8 * 1024 * 1024


class Kind(Enum):
    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"
    MONEY = "money"
    INTEGER = "integer"
    NUMBER = "number"  # a value that may be money or a count (the history of figures)
    RATE = "rate"  # a rate of exchange: units per US$, to six decimals


NUMBER_FORMATS = {
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
    Kind.MONEY: "#,##0.00",
    Kind.INTEGER: "0",
    Kind.RATE: "#,##0.0#####",
}


@dataclass(frozen=True)
class Column:
    header: str  # a lazy translation, made a string in the user's language when written
    value: Callable[[object], object]
    kind: Kind = Kind.TEXT
    width: int = 14


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[Column]
    rows: Iterable[object]


def _plain(value):
    """What a cell holds: Decimal, int, date and text as they are; anything else as text."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).replace(tzinfo=None)  # a spreadsheet has no zones
    if value is None or isinstance(value, Decimal | int | datetime.date | str):
        return value
    return str(value)


def _csv_text(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: keep text as text.
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def file_name(title: str, extension: str) -> str:
    return f"{slugify(title) or 'list'}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(table: Table) -> StreamingHttpResponse:
    """The first table as CSV (UTF-8 with a BOM, which spreadsheets need to read accents)."""
    language = translation.get_language()
    headers = [str(column.header) for column in table.columns]

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(headers)
        with translation.override(language):
            for row in table.rows:
                yield writer.writerow([_csv_text(c.value(row)) for c in table.columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(table.title, "csv")}"'
    return response


def write_workbook(tables: list[Table], target) -> None:
    """Each table on a sheet of a write-only workbook, saved to `target` (a path or a file)."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=str(table.title)[:31])
        for index, column in enumerate(table.columns):
            letter = get_column_letter(index + 1)
            sheet.column_dimensions[letter].width = column.width
        sheet.freeze_panes = "A2"
        header_cells = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=str(column.header))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in table.rows:
            cells = []
            for column in table.columns:
                cell = WriteOnlyCell(sheet, value=_plain(column.value(row)))
                number_format = NUMBER_FORMATS.get(column.kind)
                if column.kind is Kind.NUMBER and isinstance(cell.value, Decimal):
                    number_format = NUMBER_FORMATS[Kind.MONEY]
                if number_format:
                    cell.number_format = number_format
                cells.append(cell)
            sheet.append(cells)
    workbook.save(target)


def xlsx_response(tables: list[Table]) -> FileResponse:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes it)
    write_workbook(tables, spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=file_name(tables[0].title, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
