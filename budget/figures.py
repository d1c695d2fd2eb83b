"""The figures a paragraph may bind with a placeholder, computed from the data.

Each figure is derived from the same appendices the tables print, so a paragraph cannot say
one thing while a table says another.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats, translation

from cinterfor.data_version import cached_figure
from programme.models import Biennium

from . import calculations as calc
from .appendices import AppendixOne, Column, appendices
from .figure_labels import figure_name
from .models import IncomeLine

# Dates as ILO documents write them ("1 January 2020", "1 de enero de 2020", "1er janvier 2020").
LONG_DATE = {"en": "j F Y", "es": r"j \d\e F \d\e Y", "fr": "j F Y"}


def long_date(day: datetime.date, language: str) -> str:
    """A date as ILO documents in `language` write it in running text."""
    with translation.override(language):
        text = formats.date_format(day, LONG_DATE.get(language, "DATE_FORMAT"))
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text


class Kind:
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    TEXT = "text"
    DATE = "date"


@dataclass(frozen=True)
class Figure:
    key: str
    kind: str
    value: Decimal | int | str | datetime.date | None

    @property
    def label(self) -> str:
        """The figure's name in the users' words, for a page that lists figures (programme's
        editor, which may not import budget, reads it here)."""
        return figure_name(self.key)

    def render(self, language: str | None = None) -> str:
        """The figure as running text prints it, in the given language's conventions."""
        if self.value is None:
            return "…"
        with translation.override(language or translation.get_language() or "en"):
            if self.kind == Kind.MONEY:
                return formats.number_format(
                    calc.whole_dollars(self.value), 0, use_l10n=True, force_grouping=True
                )
            if self.kind == Kind.PERCENT:
                return formats.number_format(self.value.quantize(Decimal("0.1")), 1, use_l10n=True)
            if self.kind == Kind.DATE:
                return long_date(self.value, translation.get_language() or "en")
            return str(self.value)

    def agrees_with(self, stated: str) -> bool:
        """Whether a figure written in the text says this value at the precision written."""
        if self.kind in (Kind.TEXT, Kind.DATE):
            return stated == self.render("en")
        written = stated.replace(",", "").replace(" ", "").replace("\u00a0", "")
        try:
            written_value = Decimal(written)
        except ArithmeticError:
            return False
        if self.value is None:
            return False
        exponent = written_value.as_tuple().exponent
        places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
        return Decimal(self.value).quantize(places, rounding="ROUND_HALF_UP") == written_value


def _appendix_figures(one: AppendixOne) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for column_key in Column.ALL:
        column = one.column(column_key)
        values = {
            "brought_forward": column.brought_forward if column else None,
            "total_income": column.total_income if column else None,
            "funds_available": column.funds_available if column else None,
            "expenditure": column.expenditure if column else None,
            "carried_forward": column.carried_forward if column else None,
        }
        for line in IncomeLine.values:
            values[f"income.{line}"] = column.income[line] if column else None
        for row, value in values.items():
            key = f"{row}.{column_key}"
            figures[key] = Figure(key, Kind.MONEY, value)
    proposed = one.column(Column.PROPOSED)
    previous = one.column(Column.PREVIOUS_APPROVED)
    for line in IncomeLine.values:
        key = f"income.{line}.change"
        value = (
            calc.change(current=proposed.income[line], previous=previous.income[line])
            if proposed and previous
            else None
        )
        figures[key] = Figure(key, Kind.MONEY, value)
        key = f"income.{line}.proposed_per_year"
        figures[key] = Figure(
            key, Kind.MONEY, calc.per_year(proposed.income[line]) if proposed else None
        )
    return figures


def _biennium_figures(biennium: Biennium) -> dict[str, Figure]:
    previous = Biennium(start_year=biennium.start_year - 2, end_year=biennium.start_year - 1)
    share = None
    if biennium.reported_agreements_signed is not None:
        share = calc.share_percent(
            biennium.reported_agreements_signed, biennium.reported_member_institutions or 0
        )
    entries = [
        Figure("biennium.label", Kind.TEXT, biennium.label),
        Figure("previous.label", Kind.TEXT, previous.label),
        Figure("biennium.first_day", Kind.DATE, datetime.date(biennium.start_year, 1, 1)),
        Figure("biennium.last_day", Kind.DATE, datetime.date(biennium.end_year, 12, 31)),
        Figure("biennium.document_symbol", Kind.TEXT, biennium.document_symbol or None),
        Figure("network.member_institutions", Kind.COUNT, biennium.reported_member_institutions),
        Figure("network.countries", Kind.COUNT, biennium.reported_member_countries),
        Figure("network.agreements_signed", Kind.COUNT, biennium.reported_agreements_signed),
        Figure("network.agreements_share_percent", Kind.PERCENT, share),
    ]
    return {figure.key: figure for figure in entries}


def figures_for(biennium: Biennium, appendix_one: AppendixOne | None = None) -> dict[str, Figure]:
    """Every figure a paragraph of this biennium may bind, by key. Read from the data, they
    are kept until it changes (cinterfor.data_version)."""
    if appendix_one is not None:
        return {**_biennium_figures(biennium), **_appendix_figures(appendix_one)}
    return cached_figure(
        "figures_for",
        (biennium.pk,),
        lambda: {**_biennium_figures(biennium), **_appendix_figures(appendices(biennium)[0])},
    )


def figure_keys() -> frozenset[str]:
    """The keys a placeholder may name, whatever the data (for validating files and forms)."""
    sample = Biennium(start_year=2000, end_year=2001)
    one = AppendixOne(biennium_label="", columns=dict.fromkeys(Column.ALL))
    return frozenset(_biennium_figures(sample) | _appendix_figures(one))
