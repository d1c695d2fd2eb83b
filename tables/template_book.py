"""The workbook finance fills for an upload: the columns in the user's language, and the
register's institutions, the stages and the income lines as validated drop-downs."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from budget.models import Contribution, IncomeLine
from members.models import Country, MemberInstitution

from .checks import AgreementCheck, ContributionCheck, InstitutionCheck

# The rows of the sheet the drop-downs and formats cover.
LAST_ROW = 10001
LISTS = "Lists"


def _lists(workbook, columns: dict[str, list[str]]) -> dict[str, str]:
    """A hidden sheet of the drop-downs' choices; each list's range by name."""
    sheet = workbook.create_sheet(LISTS)
    sheet.sheet_state = "hidden"
    ranges = {}
    for index, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        last = max(len(values) + 1, 2)
        ranges[name] = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${last}"
    return ranges


def _drop_down(sheet, column: int, formula: str, *, title: str) -> None:
    letter = get_column_letter(column)
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.error = title
    validation.showErrorMessage = True
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.add_data_validation(validation)


def _number_rule(sheet, column: int, *, kind: str, title: str, minimum: str = "0") -> None:
    """Only dates (kind "date") or amounts not below `minimum` (kind "decimal") in a column."""
    letter = get_column_letter(column)
    operator = "greaterThan" if kind == "date" else "greaterThanOrEqual"
    first = "DATE(1963,1,1)" if kind == "date" else minimum
    validation = DataValidation(type=kind, operator=operator, formula1=first, allow_blank=True)
    validation.error = title
    validation.showErrorMessage = True
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.add_data_validation(validation)
    for row in range(2, 202):  # formats for the first rows finance fills in (cells are cheap)
        sheet.cell(row=row, column=column).number_format = (
            "yyyy-mm-dd" if kind == "date" else "#,##0.00"
        )


def _sheet(workbook, title: str, check) -> tuple:
    sheet = workbook.active
    sheet.title = title[:31]
    positions = {}
    for index, spec in enumerate(check.fields, start=1):
        cell = sheet.cell(row=1, column=index, value=str(spec.label))
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = spec.width
        positions[spec.name] = index
    sheet.freeze_panes = "A2"
    return sheet, positions


def _institution_names() -> list[str]:
    return [str(i) for i in MemberInstitution.objects.order_by("acronym", "country_id")]


def contributions_template(target, *, title: str, wrong: str) -> None:
    """The contributions workbook: one row per payment; `wrong` is the drop-downs' message."""
    workbook = Workbook()
    sheet, at = _sheet(workbook, title, ContributionCheck)
    ranges = _lists(
        workbook,
        {
            "institution": _institution_names(),
            "stage": [str(label) for _code, label in Contribution.Stage.choices],
            "income_line": [str(label) for _code, label in IncomeLine.choices],
        },
    )
    for name in ("institution", "stage", "income_line"):
        _drop_down(sheet, at[name], ranges[name], title=wrong)
    _number_rule(sheet, at["date"], kind="date", title=wrong)
    _number_rule(sheet, at["amount"], kind="decimal", title=wrong, minimum="0.01")
    _number_rule(sheet, at["amount_usd"], kind="decimal", title=wrong)
    workbook.save(target)


def institutions_template(target, *, title: str, wrong: str) -> None:
    workbook = Workbook()
    sheet, at = _sheet(workbook, title, InstitutionCheck)
    ranges = _lists(
        workbook,
        {
            "country": list(Country.objects.order_by("code").values_list("code", flat=True)),
            "kind": [str(label) for _code, label in MemberInstitution.Kind.choices],
        },
    )
    for name in ("country", "kind"):
        _drop_down(sheet, at[name], ranges[name], title=wrong)
    workbook.save(target)


def agreements_template(target, *, title: str, wrong: str) -> None:
    workbook = Workbook()
    sheet, at = _sheet(workbook, title, AgreementCheck)
    ranges = _lists(workbook, {"institution": _institution_names()})
    _drop_down(sheet, at["institution"], ranges["institution"], title=wrong)
    for name in ("signed_on", "starts_on", "ends_on"):
        _number_rule(sheet, at[name], kind="date", title=wrong)
    _number_rule(sheet, at["annual_amount"], kind="decimal", title=wrong)
    workbook.save(target)
