"""Read an uploaded workbook or CSV into rows (tablib), and parse its cells strictly.

Every parser takes a cell's value and returns the value to save, or raises CellError with the
reason, which the check turns into "C12: reason". Money is parsed from text, never computed in
float: a number cell (which a workbook stores as a binary float) is read through its shortest
decimal representation, the digits the user typed.
"""

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import tablib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

FORMATS = {"xlsx": "xlsx", "csv": "csv"}
MONEY_LIMIT = Decimal("1e12")


class CellError(Exception):
    """A cell that cannot be read; its message is the reason shown to the user."""


class FileError(Exception):
    """A file that cannot be read as a table at all."""


@dataclass(frozen=True)
class SheetRows:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the sheet, values), blank rows left out


def cell_name(column_index: int, row_number: int) -> str:
    """The spreadsheet's name of a cell: column 2, row 12 is "C12" (columns count from 0)."""
    return f"{get_column_letter(column_index + 1)}{row_number}"


def read_table(content: bytes, *, file_name: str) -> SheetRows:
    """The first sheet of an XLSX file, or a CSV file, as headers and numbered rows."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in FORMATS:
        raise FileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    dataset = tablib.Dataset()
    try:
        if extension == "csv":
            dataset.load(content.decode("utf-8-sig"), format="csv")
        else:
            dataset.load(io.BytesIO(content), format="xlsx")
    except UnicodeDecodeError as error:
        raise FileError(_("The CSV file is not in UTF-8; save it as “CSV UTF-8”.")) from error
    except Exception as error:  # noqa: BLE001 (any damage to the file means it cannot be read)
        raise FileError(
            _("The file cannot be read as a workbook: %(error)s") % {"error": error}
        ) from error
    headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
    rows = []
    for index, values in enumerate(dataset, start=2):
        values = list(values)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append((index, values))
    return SheetRows(headers=headers, rows=rows)


def labels_in_every_language(label) -> set[str]:
    """A lazy label as each of the site's languages says it, folded for comparison."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(fold(str(label)))
    return names


def fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, *, max_length: int, required: bool = False) -> str:
    if is_blank(value):
        if required:
            raise CellError(_("This cell is required."))
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = " ".join(str(value).split())
    if len(result) > max_length:
        raise CellError(_("At most %(n)d characters.") % {"n": max_length})
    return result


_MONEY = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$")


def money(value, *, required: bool = True, positive: bool = True) -> Decimal | None:
    """An amount with at most two decimals; "1,234.56" and 1234.56 are the same amount."""
    if is_blank(value):
        if required:
            raise CellError(_("This cell is required."))
        return None
    if isinstance(value, bool):
        raise CellError(_("Not an amount."))
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the digits typed, not the binary float's expansion
    else:
        written = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if not _MONEY.match(written):
            raise CellError(_("“%(value)s” is not an amount (write 1234.56).") % {"value": value})
        amount = Decimal(written.replace(",", ""))
    try:
        cents = amount.quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise CellError(_("The amount is too large.")) from error
    if cents != amount:
        raise CellError(_("An amount has at most two decimals."))
    if abs(cents) >= MONEY_LIMIT:
        raise CellError(_("The amount is too large."))
    if positive and cents <= 0:
        raise CellError(_("The amount must be more than zero."))
    return cents


def date(value, *, required: bool = True) -> datetime.date | None:
    """A date cell, or text as 2020-05-04 or 04/05/2020 (day first)."""
    if is_blank(value):
        if required:
            raise CellError(_("This cell is required."))
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(written, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date (write 2020-05-04).") % {"value": value})


def whole_number(value, *, required: bool = False) -> int | None:
    if is_blank(value):
        if required:
            raise CellError(_("This cell is required."))
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    written = str(value).strip()
    if written.isdigit():
        return int(written)
    raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})


def choice_names(choices) -> dict[str, str]:
    """What a cell may say for each choice: its code or its label in any language."""
    names = {}
    for code, label in choices:
        names[fold(code)] = code
        names.update(dict.fromkeys(labels_in_every_language(label), code))
    return names


def choice(value, *, names: dict[str, str], required: bool = True) -> str:
    """A choice by its label in any of the site's languages, or by its code (choice_names)."""
    if is_blank(value):
        if required:
            raise CellError(_("This cell is required."))
        return ""
    code = names.get(fold(value))
    if code is not None:
        return code
    raise CellError(_("“%(value)s” is not one of the choices of the drop-down.") % {"value": value})


def yes_no(value, *, default: bool = True) -> bool:
    if is_blank(value):
        return default
    if isinstance(value, bool):
        return value
    wanted = fold(value)
    if wanted in labels_in_every_language(gettext_lazy("Yes")) | {"1", "true", "x"}:
        return True
    if wanted in labels_in_every_language(gettext_lazy("No")) | {"0", "false"}:
        return False
    raise CellError(_("Write Yes or No."))
