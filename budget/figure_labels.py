"""Each figure a placeholder may bind, named in the users' words (never its key).

Reconciliation findings and the editor's figure chips name figures by these labels; the keys
(`network.agreements_share_percent`, `income.ilo.proposed`) stay internal.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .appendices import Column
from .figures import DESCRIPTIONS
from .models import IncomeLine

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
