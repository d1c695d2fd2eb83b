"""What-if: a proposal's figures before and after changed inputs, computed and never saved.

Pure over the appendices already read (`budget.appendices`): the changed inputs replace the
stored ones in copies of Appendix I's proposed column and Appendix II's rows, and the same
calculations (`budget.calculations` through the appendices' dataclasses) and the same figures
bound into paragraphs (`budget.figures`) are derived for both. Nothing here touches the database.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from cinterfor.narrative import narrative_text
from programme.markup import figure_refs
from programme.models import Biennium

from .appendices import AppendixOne, AppendixTwo, Column
from .cycle import brought_forward_source
from .figures import Figure, figures_for
from .models import IncomeLine


@dataclass(frozen=True)
class Changes:
    """The inputs changed for the scenario; what is left out keeps its stored value."""

    brought_forward: Decimal | None = None
    expenditure: Decimal | None = None
    income: Mapping[str, Decimal] = field(default_factory=dict)
    # Appendix II rows by their index in the appendix (0 for the first row).
    staff_cost: Mapping[int, Decimal] = field(default_factory=dict)
    non_staff_cost: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """One figure before and after."""

    label: str
    before: Decimal | int | None
    after: Decimal | int | None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def difference(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return Decimal(self.after) - Decimal(self.before)


@dataclass(frozen=True)
class ParagraphChange:
    """A paragraph whose bound figures change: its number (None in an appendix) and each figure."""

    number: int | None
    where: str
    figures: list[tuple[str, str, str]]  # what, before and after as the text prints them


@dataclass(frozen=True)
class Outcome:
    appendix_one: list[Comparison]
    appendix_two: list[Comparison]
    paragraphs: list[ParagraphChange]


def changed_appendices(
    one: AppendixOne, two: AppendixTwo, changes: Changes
) -> tuple[AppendixOne, AppendixTwo]:
    """Copies of the appendices with the changed inputs in place of the stored ones.

    A is no input once the previous anticipated column is entered: it is that column's E, as
    any save of the proposed column would set it, whatever `changes` says.
    """
    proposed = one.column(Column.PROPOSED)
    columns = dict(one.columns)
    if proposed is not None:
        source = brought_forward_source(one)
        brought_forward = (
            source.carried_forward
            if source is not None
            else _or(changes.brought_forward, proposed.brought_forward)
        )
        columns[Column.PROPOSED] = replace(
            proposed,
            brought_forward=brought_forward,
            expenditure=_or(changes.expenditure, proposed.expenditure),
            income={
                line: changes.income.get(line, amount) for line, amount in proposed.income.items()
            },
        )
    rows = [
        replace(
            row,
            staff_cost=changes.staff_cost.get(index, row.staff_cost),
            non_staff_cost=changes.non_staff_cost.get(index, row.non_staff_cost),
        )
        for index, row in enumerate(two.rows)
    ]
    return replace(one, columns=columns), replace(two, rows=rows)


def _or(value: Decimal | None, default: Decimal) -> Decimal:
    return default if value is None else value


def _appendix_one_rows(before: AppendixOne, after: AppendixOne) -> list[Comparison]:
    old, new = before.column(Column.PROPOSED), after.column(Column.PROPOSED)
    if old is None or new is None:
        return []
    rows = [
        Comparison(str(_("A. Funds brought forward")), old.brought_forward, new.brought_forward)
    ]
    rows += [
        Comparison(str(IncomeLine(line).label), old.income[line], new.income[line])
        for line in IncomeLine.values
    ]
    rows += [
        Comparison(str(_("B. Total income")), old.total_income, new.total_income),
        Comparison(str(_("C. Total funds available")), old.funds_available, new.funds_available),
        Comparison(str(_("D. Total expenditure")), old.expenditure, new.expenditure),
        Comparison(str(_("E. Funds carried forward")), old.carried_forward, new.carried_forward),
    ]
    return rows


def _appendix_two_rows(before: AppendixTwo, after: AppendixTwo) -> list[Comparison]:
    return [
        Comparison(str(_("Staff cost")), before.staff_cost, after.staff_cost),
        Comparison(str(_("Non-staff cost")), before.non_staff_cost, after.non_staff_cost),
        Comparison(str(_("Total")), before.total, after.total),
    ]


ROW_LABELS = {
    "brought_forward": _("A. Funds brought forward"),
    "total_income": _("B. Total income"),
    "funds_available": _("C. Total funds available"),
    "expenditure": _("D. Total expenditure"),
    "carried_forward": _("E. Funds carried forward"),
}
COLUMN_LABELS = {
    Column.PROPOSED: _("proposed"),
    Column.PREVIOUS_APPROVED: _("previous biennium, approved"),
    Column.PREVIOUS_ANTICIPATED: _("previous biennium, anticipated"),
    "change": _("change against the previous biennium"),
    "proposed_per_year": _("proposed, per year"),
}


def figure_label(key: str) -> str:
    """A bound figure in the users' words: "ILO contribution (proposed)", not its key."""
    *row, column = key.split(".")
    if row[:1] == ["income"] and len(row) == 2:
        what = IncomeLine(row[1]).label
    else:
        what = ROW_LABELS.get(".".join(row))
    if what is None or column not in COLUMN_LABELS:
        return key
    return f"{what} ({COLUMN_LABELS[column]})"


def _paragraph_changes(
    paragraphs: Sequence, before: Mapping[str, Figure], after: Mapping[str, Figure]
) -> list[ParagraphChange]:
    result = []
    for entry in paragraphs:
        keys = []
        for text in entry.paragraph.text.values():
            keys += [ref.key for ref in figure_refs(text) if ref.stated is None]
        figures = []
        for key in dict.fromkeys(keys):
            old, new = before.get(key), after.get(key)
            if old is None or new is None:
                continue
            shown_before, shown_after = old.render(), new.render()
            if shown_before != shown_after:
                figures.append((figure_label(key), shown_before, shown_after))
        if figures:
            where = (
                str(_("Paragraph %(n)s") % {"n": entry.number})
                if entry.number
                else str(entry.section.get_kind_display())
            )
            result.append(ParagraphChange(entry.number, where, figures))
    return result


def what_if(
    *,
    biennium: Biennium,
    one: AppendixOne,
    two: AppendixTwo,
    paragraphs: Sequence,
    changes: Changes,
) -> Outcome:
    """The proposal's totals and bound figures before and after `changes`, side by side.

    `paragraphs` are the proposal's numbered paragraphs (programme.selectors), read once.
    """
    new_one, new_two = changed_appendices(one, two, changes)
    return Outcome(
        appendix_one=_appendix_one_rows(one, new_one),
        appendix_two=_appendix_two_rows(two, new_two),
        paragraphs=_paragraph_changes(
            paragraphs, figures_for(biennium, one), figures_for(biennium, new_one)
        ),
    )


# Scenarios: changes kept under a name, as JSON, and set beside each other.


def changes_to_json(changes: Changes) -> dict:
    """The changed inputs as JSON (amounts as strings, so no float ever holds money)."""
    return {
        "brought_forward": _text(changes.brought_forward),
        "expenditure": _text(changes.expenditure),
        "income": {line: str(amount) for line, amount in changes.income.items()},
        "staff_cost": {str(i): str(amount) for i, amount in changes.staff_cost.items()},
        "non_staff_cost": {str(i): str(amount) for i, amount in changes.non_staff_cost.items()},
    }


def changes_from_json(data: Mapping) -> Changes:
    def amount(value):
        return None if value is None else Decimal(value)

    return Changes(
        brought_forward=amount(data.get("brought_forward")),
        expenditure=amount(data.get("expenditure")),
        income={line: Decimal(v) for line, v in data.get("income", {}).items()},
        staff_cost={int(i): Decimal(v) for i, v in data.get("staff_cost", {}).items()},
        non_staff_cost={int(i): Decimal(v) for i, v in data.get("non_staff_cost", {}).items()},
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def changed_figures(changes: Changes) -> dict[str, Decimal]:
    """Each changed input by its key: brought_forward, income.ilo, staff_cost.0, …"""
    figures = {}
    if changes.brought_forward is not None:
        figures["brought_forward"] = changes.brought_forward
    if changes.expenditure is not None:
        figures["expenditure"] = changes.expenditure
    figures |= {f"income.{line}": amount for line, amount in changes.income.items()}
    figures |= {f"staff_cost.{i}": amount for i, amount in changes.staff_cost.items()}
    figures |= {f"non_staff_cost.{i}": amount for i, amount in changes.non_staff_cost.items()}
    return figures


def input_label(key: str, two: AppendixTwo) -> str:
    """An input figure in the users' words, as the what-if form labels it."""
    kind, _dot, rest = key.partition(".")
    if kind == "brought_forward":
        return str(_("A. Funds brought forward"))
    if kind == "expenditure":
        return str(_("D. Total expenditure"))
    if kind == "income":
        return str(IncomeLine(rest).label)
    index = int(rest)
    name = narrative_text(two.rows[index].name) if index < len(two.rows) else rest
    if kind == "staff_cost":
        return str(_("%(row)s: staff cost") % {"row": name})
    return str(_("%(row)s: non-staff cost") % {"row": name})


@dataclass(frozen=True)
class ScenarioRow:
    """One figure as saved and under each scenario, in the scenarios' order."""

    label: str
    saved: Decimal | None
    scenarios: list[Decimal | None]


def _column_values(one: AppendixOne, two: AppendixTwo) -> list[tuple[str, Decimal | None]]:
    proposed = one.column(Column.PROPOSED)
    rows: list[tuple[str, Decimal | None]] = []
    if proposed is not None:
        rows.append((str(_("A. Funds brought forward")), proposed.brought_forward))
        rows += [(str(IncomeLine(line).label), proposed.income[line]) for line in IncomeLine.values]
        rows += [
            (str(_("B. Total income")), proposed.total_income),
            (str(_("C. Total funds available")), proposed.funds_available),
            (str(_("D. Total expenditure")), proposed.expenditure),
            (str(_("E. Funds carried forward")), proposed.carried_forward),
        ]
    rows += [
        (str(_("Appendix II: staff cost")), two.staff_cost),
        (str(_("Appendix II: non-staff cost")), two.non_staff_cost),
        (str(_("Appendix II: total")), two.total),
    ]
    return rows


def scenarios_side_by_side(
    one: AppendixOne, two: AppendixTwo, scenarios: Sequence[Changes]
) -> list[ScenarioRow]:
    """The saved figures and each scenario's, row by row (Appendix I proposed, II totals)."""
    saved = _column_values(one, two)
    columns = [_column_values(*changed_appendices(one, two, c)) for c in scenarios]
    return [
        ScenarioRow(label, value, [column[index][1] for column in columns])
        for index, (label, value) in enumerate(saved)
    ]
