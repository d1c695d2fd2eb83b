"""Forms of the finance pages: the appendices as editable tables, and contributions.

The tables check each cell here (figures, at most two decimals, below 10^12, not negative);
budget.services checks the rules that need the database, and budget.appendices derives every
total from what is saved.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cinterfor.forms import FilterBarForm, ModelChoiceField
from cinterfor.narrative import SOURCE_LANGUAGE
from cinterfor.narrative import language_name as language_name_of
from members.forms import CurrencyField, DateInput, MoneyField, VersionedModelForm
from members.models import Country, MemberInstitution
from members.pickers import institution_picker

from . import calculations as calc
from .appendices import COLUMN_LABELS, AppendixOne, BudgetColumn
from .appendices import Column as AppendixColumn
from .cycle import brought_forward_note, brought_forward_source
from .models import Budget, Contribution, IncomeLine
from .selectors import BALANCE_ORDERINGS, FiguresSheet, SheetColumn
from .services import (
    AppendixTwoEdit,
    ColumnEdit,
    FigureValues,
    SubprogrammeRemoval,
    SubprogrammeValues,
)

MONEY_INPUT = {
    "class": "form-control form-control-sm text-end money",
    "data-money": "",
    "inputmode": "decimal",
    "autocomplete": "off",
}

# Work in the table: whole months (24), or years/months as Appendix II prints them (2/00).
WORK = re.compile(r"^(?:(\d{1,4})|(\d{1,3})/(\d{1,2}))$")
NO_WORK = {"–", "-", "—"}
MAX_WORK_MONTHS = 12 * 1000


class WorkMonthsField(forms.Field):
    """Work in months, typed as 24 or as 2/00; a dash is none, as the document prints it."""

    default_error_messages = {
        "invalid": _("Enter months (24) or years/months as printed (2/00)."),
        "months": _("After the slash come months, from 00 to 11."),
        "too_many": _("That is more than 1,000 work-years; check the figure."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "class": "form-control form-control-sm text-end",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "data-months": "",
                    "size": 5,
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:
        if isinstance(value, int):
            return value
        text = (value or "").strip()
        if text in self.empty_values:
            return None
        if text in NO_WORK:
            return 0
        match = WORK.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        months, years, rest = match.groups()
        if months is not None:
            total = int(months)
        else:
            if int(rest) >= calc.MONTHS_PER_YEAR:
                raise ValidationError(self.error_messages["months"], code="months")
            total = int(years) * calc.MONTHS_PER_YEAR + int(rest)
        if total > MAX_WORK_MONTHS:
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        return total

    def prepare_value(self, value):
        if isinstance(value, int):
            if value == 0:
                return "–"
            years, months = calc.work_years_months(value)
            return f"{years}/{months:02d}"
        return value


# Appendix I


ROW_A = "brought_forward"
ROW_D = "expenditure"
INCOME_ROWS = [f"income_{line}" for line in IncomeLine.values]
INPUT_ROWS = [ROW_A, *INCOME_ROWS, ROW_D]


@dataclass(frozen=True)
class Cell:
    column: str
    field: forms.BoundField | None  # None: read-only here
    value: Decimal | None  # the saved figure (read-only cells and derived rows)
    derived_from: str = ""  # how a figure derived from another column is derived


@dataclass(frozen=True)
class TableRow:
    key: str
    letter: str
    label: str
    cells: list[Cell]
    derived: bool = False
    income: bool = False


def _row_labels() -> dict[str, tuple[str, str]]:
    labels = {
        ROW_A: ("A.", _("Funds brought forward from the previous financial year")),
        ROW_D: ("D.", _("Total expenditure")),
        "total_income": ("", _("Total income")),
        "funds_available": ("C.", _("Total funds available")),
        "carried_forward": ("E.", _("Funds to be carried forward to the next financial year")),
    }
    for line, label in IncomeLine.choices:
        labels[f"income_{line}"] = ("", label)
    return labels


def _saved(column: BudgetColumn | None, row: str) -> Decimal | None:
    if column is None:
        return None
    if row.startswith("income_"):
        return column.income[row.removeprefix("income_")]
    return {
        ROW_A: column.brought_forward,
        ROW_D: column.expenditure,
        "total_income": column.total_income,
        "funds_available": column.funds_available,
        "carried_forward": column.carried_forward,
    }[row]


class AppendixOneForm(forms.Form):
    """Appendix I's inputs (A, the six income lines, D) for each column that may be edited.

    A column without a budget yet may be left empty (it is then not created); once one of its
    figures is entered, all are needed. The proposed column's A is no input once the previous
    biennium's anticipated column is entered: it is that column's E (budget.cycle).
    """

    def __init__(self, *args, sheet: FiguresSheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.columns = [key for key, column in sheet.columns.items() if column.editable]
        anticipated = sheet.columns[AppendixColumn.PREVIOUS_ANTICIPATED]
        self.brought_forward_derived = anticipated.budget is not None
        labels = _row_labels()
        for key in self.columns:
            column = sheet.columns[key]
            heading = f"{column.owner.label} {COLUMN_LABELS[key]}"
            for row in self._input_rows(key):
                self.fields[self._name(key, row)] = MoneyField(
                    label=f"{labels[row][1]}, {heading}",
                    required=column.budget is not None,
                    allow_negative=row == f"income_{IncomeLine.MISCELLANEOUS}",
                    initial=self._initial(column, row),
                    widget=forms.TextInput(attrs=self._attrs(key, row)),
                )
            self.fields[self._name(key, "version")] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                initial=column.budget.version if column.budget else None,
            )
            for line in IncomeLine.values:
                estimate = column.estimates.get(line)
                self.fields[self._name(key, f"version_{line}")] = forms.IntegerField(
                    widget=forms.HiddenInput,
                    required=False,
                    initial=estimate.version if estimate else None,
                )

    def _input_rows(self, column: str) -> list[str]:
        if column == AppendixColumn.PROPOSED and self.brought_forward_derived:
            return [row for row in INPUT_ROWS if row != ROW_A]
        return INPUT_ROWS

    @staticmethod
    def _attrs(column: str, row: str) -> dict:
        attrs = {**MONEY_INPUT, "data-column": column}
        if row == f"income_{IncomeLine.MISCELLANEOUS}":
            attrs["data-negative"] = ""  # exchange losses may make it negative
        return attrs

    @staticmethod
    def _name(column: str, row: str) -> str:
        return f"{column}-{row}"

    @staticmethod
    def _initial(column: SheetColumn, row: str) -> Decimal | None:
        budget: Budget | None = column.budget
        if budget is None:
            return None
        if row == ROW_A:
            return budget.funds_brought_forward
        if row == ROW_D:
            return budget.total_expenditure
        estimate = column.estimates.get(row.removeprefix("income_"))
        return estimate.amount if estimate else None

    def clean(self):
        cleaned = super().clean()
        for key in self.columns:
            if self.sheet.columns[key].budget is not None:
                continue
            names = [self._name(key, row) for row in self._input_rows(key)]
            entered = [n for n in names if self.data.get(self.add_prefix(n), "").strip()]
            if entered:
                for name in names:
                    if name not in entered:
                        self.add_error(
                            name, _("Enter every figure of this column to start its budget.")
                        )
        return cleaned

    def edits(self) -> dict:
        """The columns to save, as the services take them (an empty new column is left out)."""
        edits = {}
        for key in self.columns:
            rows = self._input_rows(key)
            if self.sheet.columns[key].budget is None and all(
                self._value(key, row) is None for row in rows
            ):
                continue
            versions = {line: self._value(key, f"version_{line}") for line in IncomeLine.values}
            edits[key] = ColumnEdit(
                values=FigureValues(
                    brought_forward=self._value(key, ROW_A) if ROW_A in rows else None,
                    expenditure=self._value(key, ROW_D),
                    income={line: self._value(key, f"income_{line}") for line in IncomeLine.values},
                    income_versions={k: v for k, v in versions.items() if v is not None},
                ),
                seen_version=self._value(key, "version"),
            )
        return edits

    def _value(self, column: str, row: str):
        return self.cleaned_data.get(self._name(column, row))

    @property
    def proposed_seen_version(self) -> int | None:
        if AppendixColumn.PROPOSED not in self.columns or not self.is_valid():
            return None
        return self.cleaned_data.get(self._name(AppendixColumn.PROPOSED, "version"))

    def table(self, one: AppendixOne) -> list[TableRow]:
        """Appendix I in the document's order, each cell an input or a saved figure."""
        labels = _row_labels()
        order = [
            ROW_A,
            *INCOME_ROWS,
            "total_income",
            "funds_available",
            ROW_D,
            "carried_forward",
        ]
        source = brought_forward_source(one)
        rows = []
        for row in order:
            derived = row not in INPUT_ROWS
            cells = []
            for key in AppendixColumn.ALL:
                name = self._name(key, row)
                field = self[name] if name in self.fields else None
                value = _saved(one.column(key), row)
                if row == ROW_A and key == AppendixColumn.PROPOSED and source is not None:
                    derived_from = brought_forward_note(source)
                    shown = source.carried_forward if value is None else value
                    cells.append(Cell(key, field, shown, derived_from))
                    continue
                cells.append(Cell(key, field, value))
            letter, label = labels[row]
            rows.append(
                TableRow(row, letter, label, cells, derived=derived, income=row in INCOME_ROWS)
            )
        return rows


# Appendix II


class SubprogrammeForm(forms.Form):
    """One row of Appendix II: its name, work in months, staff and non-staff.

    The name is written in the proposal's source language only; its translations are kept on
    the translations pages. Each input is labelled with its row's number ("English name of
    subprogramme 3"), so a screen reader tells the rows apart; the row template of new rows
    carries __number__ instead.
    """

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    professional_months = WorkMonthsField(label=_("Professional service (years/months)"))
    general_service_months = WorkMonthsField(label=_("General service (years/months)"))
    staff_cost = MoneyField(
        label=_("Staff (US$)"), widget=forms.TextInput(attrs={**MONEY_INPUT, "data-field": "staff"})
    )
    non_staff_cost = MoneyField(
        label=_("Non-staff (US$)"),
        widget=forms.TextInput(attrs={**MONEY_INPUT, "data-field": "non_staff"}),
    )

    def __init__(
        self, *args, number: int | str = "__number__", language: str = SOURCE_LANGUAGE, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["professional_months"].widget.attrs["data-field"] = "professional"
        self.fields["general_service_months"].widget.attrs["data-field"] = "general_service"
        self.number = number
        row = {"number": number}
        for name, label in (
            (
                "professional_months",
                _("Professional service (years/months), subprogramme %(number)s"),
            ),
            (
                "general_service_months",
                _("General service (years/months), subprogramme %(number)s"),
            ),
            ("staff_cost", _("Staff (US$), subprogramme %(number)s")),
            ("non_staff_cost", _("Non-staff (US$), subprogramme %(number)s")),
        ):
            self.fields[name].label = label % row
        self.language = language
        language_name = language_name_of(language)
        self.name_field = f"name_{language}"
        self.fields[self.name_field] = forms.CharField(
            label=_("%(language)s name of subprogramme %(number)s")
            % {"language": language_name, **row},
            max_length=300,
            # A textarea that grows with its text (static/css/figures.css): names are long.
            widget=forms.Textarea(
                attrs={
                    "class": "form-control form-control-sm subprogramme-name",
                    "lang": language,
                    "rows": 1,
                    "data-name": "",
                }
            ),
        )

    @property
    def names(self) -> list[forms.BoundField]:
        """The name box, in the source language, for the table's name cell."""
        return [self[self.name_field]]

    def values(self) -> SubprogrammeValues:
        data = self.cleaned_data
        # One line: a name pasted with line breaks keeps single spaces. The source language
        # only, so a save keeps no stale translation in the row.
        text = " ".join(data[self.name_field].split())
        name = {self.language: text} if text else {}
        return SubprogrammeValues(
            name=name,
            professional_months=data["professional_months"],
            general_service_months=data["general_service_months"],
            staff_cost=data["staff_cost"],
            non_staff_cost=data["non_staff_cost"],
            pk=data.get("id"),
            seen_version=data.get("version"),
        )


class BaseSubprogrammeFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        """Each row knows its number for its labels; the empty row's template keeps a token."""
        kwargs = super().get_form_kwargs(index)
        if index is not None:
            kwargs["number"] = index + 1
        return kwargs

    def edit(self, *, seen_version: int | None) -> AppendixTwoEdit:
        """The rows to save and the rows to remove, as the services take them."""
        rows, removed = [], []
        deleted = self.deleted_forms
        for form in self.forms:
            if form in deleted:
                pk, version = form.cleaned_data.get("id"), form.cleaned_data.get("version")
                if pk is not None:
                    removed.append(SubprogrammeRemoval(pk=pk, seen_version=version or 0))
                continue
            if not form.has_changed() and form.empty_permitted:
                continue  # a blank new row
            rows.append(form.values())
        return AppendixTwoEdit(rows=rows, removed=removed, seen_version=seen_version)


SubprogrammeFormSet = forms.formset_factory(
    SubprogrammeForm, formset=BaseSubprogrammeFormSet, extra=1, can_delete=True
)


def subprogramme_initial(subprogrammes, *, language: str = SOURCE_LANGUAGE) -> list[dict]:
    """The formset's rows from the saved subprogrammes, with the versions the page saw."""
    return [
        {
            "id": s.pk,
            "version": s.version,
            "professional_months": s.professional_months,
            "general_service_months": s.general_service_months,
            "staff_cost": s.staff_cost,
            "non_staff_cost": s.non_staff_cost,
            f"name_{language}": s.name.get(language, ""),
        }
        for s in subprogrammes
    ]


# Contributions


class ContributionForm(VersionedModelForm):
    """A contribution pledged, committed or received; in US$ its value is the amount itself."""

    amount = MoneyField(label=_("Amount in the currency paid"), positive=True)
    currency = CurrencyField(label=_("Currency"))
    amount_usd = MoneyField(
        label=_("US dollar value at that date"),
        required=False,
        help_text=_(
            "For a payment in another currency, its value in US$ on the date received; left "
            "blank, it is converted at the rate of exchange of its month."
        ),
    )

    class Meta:
        model = Contribution
        fields = [
            "payer",
            "institution",
            "payer_name",
            "stage",
            "date",
            "amount",
            "currency",
            "amount_usd",
            "income_line",
            "reference",
            "note",
        ]
        widgets = {"date": DateInput, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        institution = self.fields["institution"]
        institution.queryset = MemberInstitution.objects.order_by("acronym", "country_id")
        institution_picker(institution)  # a search, not a <select> of the whole register
        institution.help_text = _("Only when a member institution pays.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own token
        self.helper.layout = Layout(
            "version",
            Row(Column("payer", css_class="col-md-4"), Column("institution", css_class="col-md-8")),
            "payer_name",
            Row(
                Column("stage", css_class="col-md-4"),
                Column("date", css_class="col-md-4"),
                Column("income_line", css_class="col-md-4"),
            ),
            Row(
                Column("amount", css_class="col-md-4"),
                Column("currency", css_class="col-md-2"),
                Column(Field("amount_usd"), css_class="col-md-6"),
            ),
            "reference",
            "note",
        )

    def clean(self):
        cleaned = super().clean()
        payer, institution = cleaned.get("payer"), cleaned.get("institution")
        if payer == Contribution.Payer.MEMBER_INSTITUTION and not institution:
            self.add_error("institution", _("Name the member institution that pays."))
        if payer and payer != Contribution.Payer.MEMBER_INSTITUTION and institution:
            self.add_error(
                "institution", _("Name an institution only when a member institution pays.")
            )
        amount, currency = cleaned.get("amount"), cleaned.get("currency")
        amount_usd = cleaned.get("amount_usd")
        if currency == calc.USD:
            if amount_usd is None:
                cleaned["amount_usd"] = amount  # a payment in US$ is worth its amount
            elif amount is not None and amount_usd != amount:
                self.add_error("amount_usd", _("A payment in US$ is worth its amount in US$."))
        elif currency and amount_usd is None and "amount_usd" not in self.errors:
            self.add_error(
                "amount_usd",
                _("Give the US$ value of a payment in %(currency)s.") % {"currency": currency},
            )
        return cleaned


class ContributionFilterForm(FilterBarForm):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any")), *Contribution.Stage.choices], required=False
    )
    payer = forms.ChoiceField(
        label=_("Payer"), choices=[("", _("Any")), *Contribution.Payer.choices], required=False
    )
    income_line = forms.ChoiceField(
        label=_("Income line"), choices=[("", _("Any")), *IncomeLine.choices], required=False
    )

    columns = {"stage": "col-md-3", "payer": "col-md-3", "income_line": "col-md-4"}

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class BalanceFilterForm(FilterBarForm):
    """The search, filters and sorting of the institutions received against forecast (GET)."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Name or acronym.")
    )
    # Countries are bounded (ISO 3166 has a few hundred codes), so a plain select serves.
    country = ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        empty_label=_("Any country"),
    )
    arrears = forms.BooleanField(label=_("Only those still owing US$"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    columns = {"q": "col-md-4", "country": "col-md-3", "arrears": "col-md-3"}

    def clean_sort(self) -> str:
        sort = self.cleaned_data["sort"]
        return sort if sort.lstrip("-") in BALANCE_ORDERINGS else "country"

    def filters(self) -> dict:
        """What the selector needs; an invalid filter (an unknown country) filters nothing."""
        if not self.is_valid():
            return {"search": "", "country": None, "in_arrears": False, "sort": "country"}
        data = self.cleaned_data
        return {
            "search": data["q"].strip(),
            "country": data["country"],
            "in_arrears": data["arrears"],
            "sort": data["sort"] or "country",
        }
