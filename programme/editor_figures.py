"""Figures as the paragraph editor offers them: labelled chips and a picker, never syntax.

The figures come from the same source the pages and the reconciliation read
(PROGRAMME_FIGURE_SOURCE, i.e. `budget.figures.figures_for`); this module only names them in
the users' words and compares what a text states with what the data give.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .markup import figure_refs

FIXED_LABELS = {
    "biennium.label": _("This biennium"),
    "previous.label": _("The previous biennium"),
    "biennium.first_day": _("First day of the biennium"),
    "biennium.last_day": _("Last day of the biennium"),
    "biennium.document_symbol": _("Document symbol"),
    "network.member_institutions": _("Member institutions of the network"),
    "network.countries": _("Countries in the network"),
    "network.agreements_signed": _("Contribution agreements signed"),
    "network.agreements_share_percent": _(
        "Share of member institutions with a signed agreement (per cent)"
    ),
}
# Appendix I, as its rows and columns are printed.
ROW_LABELS = {
    "brought_forward": _("A. Funds brought forward"),
    "total_income": _("B. Total income"),
    "funds_available": _("C. Funds available"),
    "expenditure": _("D. Expenditure"),
    "carried_forward": _("E. Funds carried forward"),
}
INCOME_LABELS = {
    "ilo": _("ILO contribution"),
    "host_country": _("Host country contribution"),
    "other_countries": _("Contributions from other countries in the region"),
    "other_contributions": _("Other contributions"),
    "publications": _("Sales of publications and printing services"),
    "miscellaneous": _("Miscellaneous income"),
}
COLUMN_LABELS = {
    "previous_approved": _("previous biennium, approved"),
    "previous_anticipated": _("previous biennium, anticipated"),
    "proposed": _("proposed"),
    "change": _("change against the previous biennium"),
    "proposed_per_year": _("proposed, per year"),
}


def figure_label(key: str) -> str:
    """A figure's name in the users' words ("ILO contribution (proposed)"); else its key."""
    if key in FIXED_LABELS:
        return str(FIXED_LABELS[key])
    parts = key.split(".")
    if parts[0] == "income" and len(parts) == 3 and parts[1] in INCOME_LABELS:
        row, column = INCOME_LABELS[parts[1]], COLUMN_LABELS.get(parts[2])
    elif len(parts) == 2 and parts[0] in ROW_LABELS:
        row, column = ROW_LABELS[parts[0]], COLUMN_LABELS.get(parts[1])
    else:
        return key
    return f"{row} ({column})" if column else key


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
    def is_malformed(self) -> bool:
        return not self.key

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
    label = getattr(figure, "label", "") or figure_label(ref.key)
    return FigureChip(number, token, ref.key, label, ref.stated, computed, as_written, agrees)


def figure_chips(placeholders: list[str], figures: Mapping, language: str) -> list[FigureChip]:
    return [
        figure_chip(number, token, figures, language)
        for number, token in enumerate(placeholders, start=1)
    ]


def picker_choices(figures: Mapping, language: str) -> list[tuple[str, str]]:
    """Every figure a placeholder may bind, labelled with its name and current value."""
    choices = []
    for key in sorted(figures, key=lambda k: (figure_label(k) == k, figure_label(k))):
        choices.append((key, f"{figure_label(key)}: {figures[key].render(language)}"))
    return choices
