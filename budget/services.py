"""Writes of the finance pages: the appendices' figures and the contributions.

Every function checks the role and the proposal's state first, writes in one transaction with
a version check (cinterfor.concurrency), and leaves the history to django-simple-history with
the user who acted. Derived figures (total income, C, E, Appendix II totals) are never stored;
budget.appendices derives them from what is saved here.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cinterfor.concurrency import ConcurrentEdit, save_if_unchanged
from cinterfor.roles import FINANCE, MANAGERS, require_role
from members.models import MemberInstitution
from programme.models import Biennium
from programme.services import lock_for_edit

from . import calculations as calc
from .appendices import Column, appendices
from .cycle import bring_forward, brought_forward_source
from .models import (
    Budget,
    BudgetPhase,
    Contribution,
    ExchangeRate,
    IncomeEstimate,
    IncomeLine,
    RateRecompute,
    Subprogramme,
)
from .selectors import figures_sheet

EDITORS = (FINANCE, MANAGERS)


@dataclass(frozen=True)
class FigureValues:
    """The inputs of one column of Appendix I: A, the six income lines and D.

    The proposed column's A is derived from the previous biennium's anticipated E once that
    column is entered (budget.cycle.bring_forward); its typed value, or None, is then not used.
    """

    brought_forward: Decimal | None
    expenditure: Decimal
    # The figure of each income line; a line left out keeps its saved figure.
    income: Mapping[str, Decimal]
    # The version of each income row the editor saw; a row changed since is not overwritten.
    income_versions: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SubprogrammeValues:
    """One row of Appendix II as entered; `pk` is None for a new row."""

    name: dict
    professional_months: int
    general_service_months: int
    staff_cost: Decimal
    non_staff_cost: Decimal
    pk: int | None = None
    seen_version: int | None = None


@dataclass(frozen=True)
class SubprogrammeRemoval:
    pk: int
    seen_version: int


def lock_budget_for_edit(budget: Budget) -> None:
    """Lock the proposal a budget belongs to and refuse unless it is a draft (in a transaction).

    The anticipated column of a biennium is estimated while the next proposal is prepared
    (Appendix I of 2020–21 shows 2018–19 anticipated), so it follows that proposal's state;
    every other phase follows its own biennium's.
    """
    owner = budget.biennium
    if budget.phase == BudgetPhase.ANTICIPATED:
        owner = Biennium.objects.filter(start_year=owner.start_year + 2).first() or owner
    lock_for_edit(owner)


def _claim(budget: Budget, *, seen_version: int) -> None:
    """Take a budget's version for this save, or refuse if someone saved it after it was read."""
    claimed = Budget.objects.filter(pk=budget.pk, version=seen_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ConcurrentEdit()
    budget.version = seen_version + 1


def _save_row(row, *, by, seen_version: int, fields: list[str]) -> None:
    row._history_user = by
    row.full_clean()
    save_if_unchanged(row, seen_version=seen_version, fields=fields)


def _delete_if_unchanged(row, *, by, seen_version: int) -> None:
    """Delete a row only if it still has the version the editor saw (checked in one UPDATE)."""
    claimed = (
        type(row).objects.filter(pk=row.pk, version=seen_version).update(version=F("version") + 1)
    )
    if not claimed:
        raise ConcurrentEdit()
    row._history_user = by
    row.delete()


def _create_row(row, *, by) -> None:
    row._history_user = by
    row.full_clean()
    row.save()


def budget_update_figures(*, budget: Budget, by, values: FigureValues, seen_version: int) -> Budget:
    """Save one column of Appendix I (A, income lines, D) if it changed.

    The budget's version stands for the whole column: a save that changes anything in it takes
    the version, so of two people saving the same column the second is refused. Each income
    row is also checked against the version the editor saw, which catches edits in the admin.
    Saving the proposed column, or the anticipated column before it, sets the proposal's A
    from the anticipated E in the same transaction.
    """
    with transaction.atomic():
        saved = _update_figures(budget=budget, by=by, values=values, seen_version=seen_version)[0]
        return _bring_forward_after(saved, by=by)


def _proposal_of(budget: Budget) -> Biennium | None:
    """The proposal whose A follows this budget: its own, or the next one for an anticipated
    column (Appendix I of 2020–21 shows 2018–19 anticipated)."""
    if budget.phase == BudgetPhase.PROPOSED:
        return budget.biennium
    if budget.phase == BudgetPhase.ANTICIPATED:
        return Biennium.objects.filter(start_year=budget.biennium.start_year + 2).first()
    return None


def _bring_forward_after(budget: Budget, *, by) -> Budget:
    """After a save of `budget`, let the proposal's A follow the anticipated E (issue 8)."""
    proposal = _proposal_of(budget)
    changed = bring_forward(biennium=proposal, by=by) if proposal else None
    return changed if changed is not None and changed.pk == budget.pk else budget


def _typed_brought_forward(budget: Budget, values: FigureValues) -> Decimal:
    """The A a save of `budget` may write: the typed one, unless A is derived for it."""
    if budget.phase == BudgetPhase.PROPOSED:
        derived_from = brought_forward_source(appendices(budget.biennium)[0])
        if derived_from is not None:
            # Derived: a save of the page ends with bring_forward, which sets it with history.
            if budget.pk is not None:
                return budget.funds_brought_forward
            return derived_from.carried_forward
    if values.brought_forward is None:
        raise ValidationError(
            _("Enter the funds brought forward (A) of the %(label)s column.")
            % {"label": budget.biennium.label}
        )
    return values.brought_forward


def _update_figures(
    *, budget: Budget, by, values: FigureValues, seen_version: int
) -> tuple[Budget, bool]:
    """budget_update_figures, also saying whether it took the budget's version."""
    require_role(by, *EDITORS)
    with transaction.atomic():
        lock_budget_for_edit(budget)
        stored = Budget.objects.select_related("biennium").get(pk=budget.pk)
        estimates = {e.line: e for e in stored.income.all()}
        brought_forward = _typed_brought_forward(stored, values)
        own_fields = [
            name
            for name, value in (
                ("funds_brought_forward", brought_forward),
                ("total_expenditure", values.expenditure),
            )
            if getattr(stored, name) != value
        ]
        changed_lines = [
            line
            for line in IncomeLine.values
            if line in values.income
            and (line not in estimates or estimates[line].amount != values.income[line])
        ]
        if not own_fields and not changed_lines:
            return stored, False
        stored._history_user = by
        if own_fields:
            stored.funds_brought_forward = brought_forward
            stored.total_expenditure = values.expenditure
            stored.full_clean()
            save_if_unchanged(stored, seen_version=seen_version, fields=own_fields)
        else:
            _claim(stored, seen_version=seen_version)
        for line in changed_lines:
            estimate = estimates.get(line)
            if estimate is None:
                _create_row(
                    IncomeEstimate(budget=stored, line=line, amount=values.income[line]), by=by
                )
                continue
            estimate.amount = values.income[line]
            seen = values.income_versions.get(line, estimate.version)
            _save_row(estimate, by=by, seen_version=seen, fields=["amount"])
    return stored, True


def budget_create(*, biennium: Biennium, phase: str, by, values: FigureValues) -> Budget:
    """Start a column of Appendix I that has no budget yet (a new proposal).

    Starting the anticipated column sets the next proposal's A from its E in the same
    transaction; a new proposed column takes its A from the anticipated E when there is one.
    """
    with transaction.atomic():
        created = _create(biennium=biennium, phase=phase, by=by, values=values)
        return _bring_forward_after(created, by=by)


def _create(*, biennium: Biennium, phase: str, by, values: FigureValues) -> Budget:
    require_role(by, *EDITORS)
    missing = [line for line in IncomeLine.values if line not in values.income]
    if missing:
        raise ValidationError(
            _("A new budget needs every income line; missing: %(lines)s.")
            % {"lines": ", ".join(missing)}
        )
    budget = Budget(biennium=biennium, phase=phase, total_expenditure=values.expenditure)
    try:
        with transaction.atomic():
            lock_budget_for_edit(budget)
            budget.funds_brought_forward = _typed_brought_forward(budget, values)
            if Budget.objects.filter(biennium=biennium, phase=phase).exists():
                raise ConcurrentEdit()  # someone started this column after the page was read
            budget.full_clean()
            budget._history_user = by
            budget.save()
            for line in IncomeLine.values:
                _create_row(
                    IncomeEstimate(budget=budget, line=line, amount=values.income[line]), by=by
                )
    except IntegrityError as error:  # the same race, lost at the database
        raise ConcurrentEdit() from error
    return budget


def subprogrammes_update(
    *,
    budget: Budget,
    by,
    rows: Sequence[SubprogrammeValues],
    removed: Sequence[SubprogrammeRemoval] = (),
    seen_version: int,
) -> Budget:
    """Save Appendix II's rows of a budget: changed rows, new rows, removed rows.

    Rows keep their positions; new rows go after the last. Any change takes the budget's
    version, and each changed or removed row is checked against the version the editor saw.
    """
    require_role(by, *EDITORS)
    with transaction.atomic():
        lock_budget_for_edit(budget)
        stored = {s.pk: s for s in Subprogramme.objects.filter(budget=budget)}
        unknown = {row.pk for row in [*rows, *removed] if row.pk is not None} - stored.keys()
        if Subprogramme.objects.filter(pk__in=unknown).exists():
            raise ValidationError(
                _("A row of Appendix II sent with the form is not part of this budget.")
            )
        if unknown:
            raise ConcurrentEdit()  # removed by someone else since the page was read
        changed = [row for row in rows if row.pk is None or _differs(stored[row.pk], row)]
        if not changed and not removed:
            return budget
        _claim(budget, seen_version=seen_version)
        for removal in removed:
            _delete_if_unchanged(stored[removal.pk], by=by, seen_version=removal.seen_version)
        position = max((s.position for s in stored.values()), default=0)
        for row in changed:
            if row.pk is None:
                position += 1
                _create_row(
                    Subprogramme(budget=budget, position=position, **_subprogramme_fields(row)),
                    by=by,
                )
                continue
            subprogramme = stored[row.pk]
            for name, value in _subprogramme_fields(row).items():
                setattr(subprogramme, name, value)
            _save_row(
                subprogramme,
                by=by,
                seen_version=row.seen_version
                if row.seen_version is not None
                else subprogramme.version,
                fields=list(_subprogramme_fields(row)),
            )
    return budget


def _subprogramme_fields(row: SubprogrammeValues) -> dict:
    return {
        "name": row.name,
        "professional_months": row.professional_months,
        "general_service_months": row.general_service_months,
        "staff_cost": row.staff_cost,
        "non_staff_cost": row.non_staff_cost,
    }


def _differs(subprogramme: Subprogramme, row: SubprogrammeValues) -> bool:
    return any(
        getattr(subprogramme, name) != value for name, value in _subprogramme_fields(row).items()
    )


@dataclass(frozen=True)
class ColumnEdit:
    """What the figures page sends for one column: its values and the version it saw."""

    values: FigureValues
    seen_version: int | None  # None when the column had no budget yet


@dataclass(frozen=True)
class AppendixTwoEdit:
    """Appendix II's rows as the figures page sends them, under the proposed budget's version."""

    rows: Sequence[SubprogrammeValues]
    removed: Sequence[SubprogrammeRemoval] = ()
    seen_version: int | None = None  # None when the proposal had no budget yet


def appendices_save(
    *,
    biennium: Biennium,
    by,
    columns: Mapping[str, ColumnEdit],
    appendix_two: AppendixTwoEdit | None = None,
) -> None:
    """Save the figures page in one transaction: the columns of Appendix I, then Appendix II.

    If any part is refused (a concurrent edit, a locked biennium, an invalid row) nothing is
    saved. Last, the proposal's funds brought forward (A) follow the anticipated E (issue 8).
    """
    require_role(by, *EDITORS)
    with transaction.atomic():
        _save_figures_page(biennium=biennium, by=by, columns=columns, appendix_two=appendix_two)
        bring_forward(biennium=biennium, by=by)


def _save_figures_page(
    *,
    biennium: Biennium,
    by,
    columns: Mapping[str, ColumnEdit],
    appendix_two: AppendixTwoEdit | None,
) -> None:
    with transaction.atomic():
        lock_for_edit(biennium)
        sheet = figures_sheet(biennium=biennium)
        proposed = sheet.proposed.budget
        took_proposed_version = False
        for key, edit in columns.items():
            column = sheet.columns[key]
            if column.owner is None:
                raise ValidationError(_("There is no biennium for this column."))
            if column.budget is None:
                if edit.seen_version is not None:
                    raise ConcurrentEdit()  # the page saw a budget that is gone now
                created = _create(
                    biennium=column.owner, phase=column.phase, by=by, values=edit.values
                )
                if key == Column.PROPOSED:
                    proposed, took_proposed_version = created, True
                continue
            if edit.seen_version is None:
                raise ConcurrentEdit()  # the page saw no budget, but one exists now
            saved, took = _update_figures(
                budget=column.budget, by=by, values=edit.values, seen_version=edit.seen_version
            )
            if key == Column.PROPOSED:
                proposed, took_proposed_version = saved, took
        if appendix_two is None or not (appendix_two.rows or appendix_two.removed):
            return
        if proposed is None:
            raise ValidationError(
                _("Enter the proposed budget's figures before its subprogrammes.")
            )
        # If Appendix I's save above took the proposed budget's version, go on under the
        # version it took; otherwise the version the page saw must still be the stored one.
        seen = proposed.version if took_proposed_version else appendix_two.seen_version
        if seen is None:
            raise ConcurrentEdit()
        subprogrammes_update(
            budget=proposed,
            by=by,
            rows=appendix_two.rows,
            removed=appendix_two.removed,
            seen_version=seen,
        )


# Contributions


def _check_payer(payer: str, institution: MemberInstitution | None) -> None:
    if payer == Contribution.Payer.MEMBER_INSTITUTION and institution is None:
        raise ValidationError({"institution": _("Name the member institution that pays.")})
    if payer != Contribution.Payer.MEMBER_INSTITUTION and institution is not None:
        raise ValidationError(
            {"institution": _("Name an institution only when a member institution pays.")}
        )


def contribution_record(
    *,
    biennium: Biennium,
    by,
    payer: str,
    stage: str,
    date: datetime.date,
    amount: Decimal,
    currency: str,
    amount_usd: Decimal | None = None,
    income_line: str,
    institution: MemberInstitution | None = None,
    payer_name: str = "",
    reference: str = "",
    note: str = "",
) -> Contribution:
    """Record money pledged, committed or received against an income line of a biennium.

    Contributions keep being received after a proposal is approved (they are counted against
    the approved budget), so recording one does not depend on the proposal's status. Left
    blank, the US$ value is the amount at the rate of exchange of the contribution's month,
    and the rate and month used are stored with it; without a rate it is refused.
    """
    require_role(by, *EDITORS)
    _check_payer(payer, institution)
    rate_used = rate_month = None
    if amount_usd is None:
        amount_usd, rate_used, rate_month = usd_value(amount=amount, currency=currency, on=date)
    contribution = Contribution(
        biennium=biennium,
        payer=payer,
        institution=institution,
        payer_name=payer_name,
        stage=stage,
        date=date,
        amount=amount,
        currency=currency,
        amount_usd=amount_usd,
        rate_used=rate_used,
        rate_month=rate_month,
        income_line=income_line,
        reference=reference,
        note=note,
    )
    with transaction.atomic():
        _create_row(contribution, by=by)
    return contribution


CONTRIBUTION_FIELDS = (
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
)


def contribution_update(
    *, contribution: Contribution, by, seen_version: int, **values
) -> Contribution:
    """Change a recorded contribution, unless someone saved it after it was read.

    A US$ value left blank is computed at the rate of the contribution's month (and the rate
    stored); one typed in is the editor's, so no rate is said to have been used.
    """
    require_role(by, *EDITORS)
    unknown = set(values) - set(CONTRIBUTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown contribution fields: {sorted(unknown)}")
    if "amount_usd" in values:
        typed = values["amount_usd"]
        if typed is None:
            typed, rate, month = usd_value(
                amount=values.get("amount", contribution.amount),
                currency=values.get("currency", contribution.currency),
                on=values.get("date", contribution.date),
            )
            values.update(amount_usd=typed, rate_used=rate, rate_month=month)
        elif typed != contribution.amount_usd:
            values.update(rate_used=None, rate_month=None)
    for name, value in values.items():
        setattr(contribution, name, value)
    _check_payer(contribution.payer, contribution.institution)
    with transaction.atomic():
        _save_row(contribution, by=by, seen_version=seen_version, fields=list(values))
    return contribution


def contribution_delete(*, contribution: Contribution, by, seen_version: int) -> None:
    """Delete a contribution recorded in error, unless someone saved it after it was read."""
    require_role(by, *EDITORS)
    with transaction.atomic():
        _delete_if_unchanged(contribution, by=by, seen_version=seen_version)


# Rates of exchange


def rate_of(*, currency: str, on: datetime.date) -> ExchangeRate | None:
    """The rate of exchange of a currency for the month of a day, if finance entered it."""
    return ExchangeRate.objects.filter(currency=currency, month=calc.month_of(on)).first()


def usd_value(
    *,
    amount: Decimal,
    currency: str,
    on: datetime.date,
    rates: Mapping[tuple[str, datetime.date], Decimal] | None = None,
) -> tuple[Decimal, Decimal | None, datetime.date | None]:
    """(US$ value, rate used, month of the rate) of an amount paid on a day, at the rate of
    its month: from `rates` ((currency, month) → units per US$) when a caller read them all
    at once, else from the database.

    Refused when the currency is not US$ and no rate of that month was entered: no rate is
    ever assumed.
    """
    if currency == calc.USD:
        return amount, None, None
    month = calc.month_of(on)
    if rates is not None:
        units_per_usd = rates.get((currency, month))
    else:
        rate = rate_of(currency=currency, on=on)
        units_per_usd = rate.units_per_usd if rate is not None else None
    if units_per_usd is None:
        raise ValidationError(
            {
                "amount_usd": _(
                    "There is no rate of exchange for %(currency)s in %(month)s: enter the "
                    "rate, or the US$ value."
                )
                % {"currency": currency, "month": f"{on:%Y-%m}"}
            }
        )
    conversion = calc.to_usd(amount=amount, currency=currency, rate=units_per_usd, month=month)
    return conversion.usd, conversion.rate, conversion.month


def rate_enter(*, by, currency: str, month: datetime.date, units_per_usd: Decimal) -> ExchangeRate:
    """Enter (or correct) the rate of a currency for a month; history keeps every value.

    A changed rate does not change a stored US$ value: see `contributions_recompute`.
    """
    require_role(by, *EDITORS)
    month = calc.month_of(month)
    currency = currency.upper()
    with transaction.atomic():
        rate = (
            ExchangeRate.objects.select_for_update().filter(currency=currency, month=month).first()
        )
        if rate is None:
            rate = ExchangeRate(
                currency=currency, month=month, units_per_usd=units_per_usd, entered_by=by
            )
            try:
                with transaction.atomic():
                    _create_row(rate, by=by)
                return rate
            except IntegrityError:
                # Entered at the same moment by someone else: theirs is corrected as any rate.
                rate = ExchangeRate.objects.select_for_update().get(currency=currency, month=month)
        if rate.units_per_usd == units_per_usd:
            return rate
        rate.units_per_usd, rate.entered_by = units_per_usd, by
        _save_row(
            rate,
            by=by,
            seen_version=rate.version,
            fields=["units_per_usd", "entered_by", "entered_at"],
        )
    return rate


@dataclass(frozen=True)
class RateChange:
    """A contribution whose stored US$ value differs from its month's rate as it stands now."""

    contribution: Contribution
    old_rate: Decimal
    new_rate: Decimal
    old_usd: Decimal
    new_usd: Decimal


def rate_changes(*, biennium: Biennium) -> list[RateChange]:
    """What a recomputation would change: contributions converted at a rate since corrected.

    Two queries: the converted contributions and the rates of their months.
    """
    converted = list(
        Contribution.objects.filter(biennium=biennium, rate_used__isnull=False)
        .select_related("institution")
        .order_by("date", "pk")
    )
    pairs = {(c.currency, c.rate_month) for c in converted}
    from .owed import rates_for  # owed reads the models this module writes

    rates = rates_for(pairs)
    changes = []
    for contribution in converted:
        rate = rates.get((contribution.currency, contribution.rate_month))
        if rate is None or rate == contribution.rate_used:
            continue
        new = calc.to_usd(
            amount=contribution.amount,
            currency=contribution.currency,
            rate=rate,
            month=contribution.rate_month,
        )
        changes.append(
            RateChange(contribution, contribution.rate_used, rate, contribution.amount_usd, new.usd)
        )
    return changes


def contributions_recompute(*, biennium: Biennium, by) -> RateRecompute:
    """Recompute, at today's rates, the US$ values of contributions converted at a rate since
    changed; an explicit action, recorded with who, when and each change (and in each
    contribution's history)."""
    require_role(by, *EDITORS)
    with transaction.atomic():
        changes = rate_changes(biennium=biennium)
        lines = []
        for change in changes:
            contribution = change.contribution
            contribution.amount_usd, contribution.rate_used = change.new_usd, change.new_rate
            _save_row(
                contribution,
                by=by,
                seen_version=contribution.version,
                fields=["amount_usd", "rate_used"],
            )
            lines.append(
                f"{contribution.pk} {contribution.date} {contribution.amount} "
                f"{contribution.currency}: {change.old_usd} US$ at {change.old_rate} → "
                f"{change.new_usd} US$ at {change.new_rate}"
            )
        return RateRecompute.objects.create(
            biennium=biennium, by=by, changed=len(changes), summary="\n".join(lines)
        )


# The network's counts


def register_mark_complete(*, biennium: Biennium, by, complete: bool) -> Biennium:
    """Say whether the member register is complete: when it is, the network's counts are taken
    from it rather than from the figures the proposal states."""
    require_role(by, *EDITORS)
    with transaction.atomic():
        # The counts the proposal's paragraphs and reconciliation use: a draft's only.
        locked = lock_for_edit(biennium)
        if locked.register_complete != complete:
            locked.register_complete = complete
            locked._history_user = by
            locked.save(update_fields=["register_complete"])
    return locked
