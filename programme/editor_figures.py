"""Figures as the paragraph editor offers them: labelled chips and a picker, never syntax.

The figures come from the same source the pages and the reconciliation read
(PROGRAMME_FIGURE_SOURCE, i.e. `budget.figures.figures_for`), each with its name in the users'
words (`label`); this module compares what a text states with what the data give.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .markup import figure_refs


@dataclass(frozen=True)
class FigureChip:
    """One placeholder of the text being edited, as its chip and its row of controls show it."""

    number: int
    token: str
    key: str
    label: str
    written: str | None  # a stated figure's value as the text writes it; None when bound
    computed: str  # what the data give now, in the page's language
    computed_as_written: str  # the same in the form a stated figure is written (English)
    agrees: bool | None  # whether the written value says what the data give

    @property
    def is_stated(self) -> bool:
        return self.written is not None

    @property
    def shows(self) -> str:
        return self.written if self.written is not None else self.computed


def figure_chip(number: int, token: str, figures: Mapping, language: str) -> FigureChip:
    refs = figure_refs(token)
    if not refs:
        return FigureChip(number, token, "", str(_("Not a known figure")), None, "…", "", None)
    ref = refs[0]
    figure = figures.get(ref.key)
    computed = figure.render(language) if figure else "…"
    as_written = figure.render("en") if figure else ""
    agrees = None
    if figure is not None and ref.stated is not None:
        agrees = bool(figure.agrees_with(ref.stated))
    label = figure.label if figure else ref.key
    return FigureChip(number, token, ref.key, label, ref.stated, computed, as_written, agrees)


def figure_chips(placeholders: list[str], figures: Mapping, language: str) -> list[FigureChip]:
    return [
        figure_chip(number, token, figures, language)
        for number, token in enumerate(placeholders, start=1)
    ]


def picker_choices(figures: Mapping, language: str) -> list[tuple[str, str]]:
    """Every figure a placeholder may bind, labelled with its name and current value."""
    named = sorted((str(figure.label), key) for key, figure in figures.items())
    return [(key, f"{label}: {figures[key].render(language)}") for label, key in named]
