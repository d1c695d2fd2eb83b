"""The budget's part of starting the next biennium, and funds brought forward derived from E.

`programme.cycle.biennium_start` calls `carry` in its transaction (the project wires this
module in as settings.PROGRAMME_CARRY, since programme may not import budget).

Appendix I of a proposal prints, beside its own proposed column, the previous biennium's
approved budget and anticipated income and expenditure; `budget.appendices` reads them as the
previous biennium's budgets in the phases "approved" and "anticipated". A proposal approved by
the Governing Body as proposed has no approved column stored, so the start records it: the
source's approved budget, copied from its proposed figures. That adds rows to the source and
changes none of the rows it had. The anticipated column is left for finance to enter.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from programme.models import Biennium

from .appendices import AppendixOne, BudgetColumn, Column, appendices, budgets_by_year
from .models import Budget, BudgetPhase, IncomeEstimate, Subprogramme


def carry_preview(*, source: Biennium) -> list[str]:
    """What the budget's part of a start would carry, in words for the preview page."""
    budgets = budgets_by_year(start_years=[source.start_year])
    proposed = budgets.get((source.start_year, BudgetPhase.PROPOSED))
    if proposed is None:
        return [_("The %(label)s proposal has no budget to carry.") % {"label": source.label}]
    lines = [
        _("Appendix II: %(count)s subprogrammes of the %(label)s proposed budget.")
        % {"count": len(proposed.subprogrammes.all()), "label": source.label},
        _(
            "Appendix I: the %(label)s proposed income lines, as the starting figures of the new "
            "proposed column."
        )
        % {"label": source.label},
    ]
    if (source.start_year, BudgetPhase.APPROVED) in budgets:
        lines.append(
            _("Comparative columns: the %(label)s approved budget.") % {"label": source.label}
        )
    else:
        lines.append(
            _(
                "Comparative columns: the %(label)s approved budget is recorded as the %(label)s "
                "proposed figures, which the Governing Body approved."
            )
            % {"label": source.label}
        )
    lines.append(
        _(
            "Finance enters the %(label)s anticipated income and expenditure; the new funds "
            "brought forward (A) follow its line E."
        )
        % {"label": source.label}
    )
    return lines


def _copy(budget: Budget, *, biennium: Biennium, phase: str, brought_forward: Decimal, by, reason):
    copy = Budget(
        biennium=biennium,
        phase=phase,
        funds_brought_forward=brought_forward,
        total_expenditure=budget.total_expenditure,
    )
    copy._history_user, copy._change_reason = by, reason
    copy.full_clean()
    copy.save()
    for estimate in budget.income.all():
        row = IncomeEstimate(budget=copy, line=estimate.line, amount=estimate.amount)
        row._history_user, row._change_reason = by, reason
        row.save()
    return copy


def carry(*, source: Biennium, target: Biennium, by) -> None:
    """Carry the budget from `source` into the new `target` (inside the start's transaction)."""
    budgets = budgets_by_year(start_years=[source.start_year])
    proposed = budgets.get((source.start_year, BudgetPhase.PROPOSED))
    if proposed is None:
        return
    reason = _("Started %(label)s from %(source)s") % {
        "label": target.label,
        "source": source.label,
    }
    if (source.start_year, BudgetPhase.APPROVED) not in budgets:
        _copy(
            proposed,
            biennium=source,
            phase=BudgetPhase.APPROVED,
            brought_forward=proposed.funds_brought_forward,
            by=by,
            reason=_("Approved as proposed; recorded when %(label)s was started")
            % {"label": target.label},
        )
    source_one = appendices(source, budgets=budgets)[0].column(Column.PROPOSED)
    # A follows the anticipated E; until finance enters it, the E the source proposal planned.
    anticipated = brought_forward_source(appendices(target)[0])
    brought_forward = (anticipated or source_one).carried_forward
    new = _copy(
        proposed,
        biennium=target,
        phase=BudgetPhase.PROPOSED,
        brought_forward=brought_forward,
        by=by,
        reason=reason,
    )
    for row in proposed.subprogrammes.all():
        carried = Subprogramme(
            budget=new,
            position=row.position,
            name=row.name,
            professional_months=row.professional_months,
            general_service_months=row.general_service_months,
            staff_cost=row.staff_cost,
            non_staff_cost=row.non_staff_cost,
        )
        carried._history_user, carried._change_reason = by, reason
        carried.save()


def brought_forward_source(one: AppendixOne) -> BudgetColumn | None:
    """The column whose E is the proposal's funds brought forward (A), or None.

    That is the previous biennium's anticipated column once finance has entered it; A is then
    derived from it, never typed. Without it (the previous biennium unknown, or not estimated
    yet) A is typed with the proposed column.
    """
    return one.column(Column.PREVIOUS_ANTICIPATED)


def brought_forward_note(source: BudgetColumn) -> str:
    """How the pages name a derived A: "= E of 2018–19 anticipated"."""
    return _("= E of %(label)s anticipated") % {"label": source.biennium_label}


def bring_forward(*, biennium: Biennium, by) -> Budget | None:
    """Set the proposal's funds brought forward (A) to the previous anticipated E, if they differ.

    Every save of the proposed column or of the anticipated column before it calls this in its
    transaction, after its own writes, so A is never typed twice. Returns the proposed budget
    when it changed A.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bring_forward() must run inside the save's transaction.")
    anticipated = brought_forward_source(appendices(biennium)[0])
    if anticipated is None:
        return None
    proposed = Budget.objects.filter(biennium=biennium, phase=BudgetPhase.PROPOSED).first()
    if proposed is None or proposed.funds_brought_forward == anticipated.carried_forward:
        return None
    proposed.funds_brought_forward = anticipated.carried_forward
    proposed.version += 1
    proposed._history_user = by
    proposed._change_reason = _(
        "Funds brought forward (A) set from the %(label)s anticipated E"
    ) % {"label": anticipated.biennium_label}
    proposed.full_clean()
    proposed.save(update_fields=["funds_brought_forward", "version"])
    return proposed
