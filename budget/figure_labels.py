"""Each figure a placeholder may bind, named in the users' words (never its key).

The one source of figures' names: reconciliation findings name a figure inside a sentence
(`figure_label`), the editor's chips and picker by its name alone (`figure_name`, which
`budget.figures.Figure.label` gives programme); the keys (`network.agreements_share_percent`,
`income.ilo.proposed`) stay internal.
"""

from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .appendices import Column
from .models import IncomeLine

DESCRIPTIONS = {
    "network.agreements_share_percent": _(
        "the share of member institutions with a signed agreement"
    ),
    "network.agreements_signed": _("the number of contribution agreements signed"),
    "network.member_institutions": _("the number of member institutions"),
    "network.countries": _("the number of countries in the network"),
}

# Appendix I's rows, with the letters the document prints.
ROWS = {
    "brought_forward": _("funds brought forward (A)"),
    "total_income": _("total income (B)"),
    "funds_available": _("funds available (C)"),
    "expenditure": _("expenditure (D)"),
    "carried_forward": _("funds to be carried forward (E)"),
}
COLUMNS = {
    Column.PREVIOUS_APPROVED: _("previous biennium, approved"),
    Column.PREVIOUS_ANTICIPATED: _("previous biennium, anticipated"),
    Column.PROPOSED: _("proposed"),
}
TEXTS = {
    "biennium.label": _("the biennium's name"),
    "previous.label": _("the previous biennium's name"),
    "biennium.first_day": _("the biennium's first day"),
    "biennium.last_day": _("the biennium's last day"),
    "biennium.document_symbol": _("the document symbol"),
}
# The figures that are not Appendix I's, named where no sentence surrounds them (a chip).
NAMES = {
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


def _row_label(row: str) -> str | None:
    if row in ROWS:
        return ROWS[row]
    if row.startswith("income.") and row.removeprefix("income.") in IncomeLine.values:
        return IncomeLine(row.removeprefix("income.")).label
    return None


def figure_label(key: str) -> str | None:
    """The figure's name in words, or None for a key no figure has (a mistyped placeholder)."""
    if key in DESCRIPTIONS:
        return DESCRIPTIONS[key]
    if key in TEXTS:
        return TEXTS[key]
    row, _dot, suffix = key.rpartition(".")
    label = _row_label(row)
    if label is None:
        return None
    if suffix in COLUMNS:
        return format_lazy("{} ({})", label, COLUMNS[suffix])
    if suffix == "change":
        return format_lazy(_("change in {} against the previous biennium"), label)
    if suffix == "proposed_per_year":
        return format_lazy(_("{} per year (proposed)"), label)
    return None


def figure_name(key: str) -> str:
    """The figure's name standing alone ("ILO contribution (proposed)"); else its key."""
    if key in NAMES:
        return str(NAMES[key])
    label = figure_label(key)
    return capfirst(str(label)) if label is not None else key
