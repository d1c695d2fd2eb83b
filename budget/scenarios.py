"""What-if scenarios of a draft: keep one under a name, discard it, or apply it as one save.

A scenario holds only the input figures it changes (budget.whatif.Changes) and, for each, the
figure as saved when the scenario was made. Applying goes through the figures page's own save
(`budget.services.appendices_save`: the proposal's lock, version checks, history), after
refusing if any changed figure was saved by someone since: a scenario never overwrites a
figure its maker did not see.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cinterfor.roles import require_role
from programme.models import Biennium
from programme.services import lock_for_edit

from .appendices import Column, appendices
from .models import Budget, BudgetPhase, IncomeEstimate, Subprogramme, WhatIfScenario
from .services import (
    EDITORS,
    AppendixTwoEdit,
    ColumnEdit,
    FigureValues,
    SubprogrammeValues,
    appendices_save,
)
from .whatif import Changes, changed_figures, changes_from_json, changes_to_json, input_label

# A and D are fields of the budget row, whose version moves with any figure of its column,
# so they are compared by value; income lines and subprogrammes by their own row's version.
COMPARED_BY_VALUE = ("brought_forward", "expenditure")


class ScenarioStale(ValidationError):
    """A figure the scenario changes was saved by someone after the scenario was made."""


@dataclass(frozen=True)
class SavedInput:
    value: Decimal
    version: int
    pk: int


def _proposed_budget(biennium: Biennium) -> Budget | None:
    return (
        Budget.objects.filter(biennium=biennium, phase=BudgetPhase.PROPOSED)
        .prefetch_related(
            Prefetch("income", queryset=IncomeEstimate.objects.order_by("line")),
            Prefetch("subprogrammes", queryset=Subprogramme.objects.order_by("position")),
        )
        .first()
    )


def saved_inputs(*, biennium: Biennium) -> dict[str, SavedInput]:
    """Each input figure of the proposed budget as saved, by its key (three queries)."""
    return _inputs_of(_proposed_budget(biennium))


def _inputs_of(budget: Budget | None) -> dict[str, SavedInput]:
    if budget is None:
        return {}
    inputs = {
        "brought_forward": SavedInput(budget.funds_brought_forward, budget.version, budget.pk),
        "expenditure": SavedInput(budget.total_expenditure, budget.version, budget.pk),
    }
    for estimate in budget.income.all():
        inputs[f"income.{estimate.line}"] = SavedInput(
            estimate.amount, estimate.version, estimate.pk
        )
    for index, row in enumerate(budget.subprogrammes.all()):
        inputs[f"staff_cost.{index}"] = SavedInput(row.staff_cost, row.version, row.pk)
        inputs[f"non_staff_cost.{index}"] = SavedInput(row.non_staff_cost, row.version, row.pk)
    return inputs


def open_scenarios(*, biennium: Biennium) -> QuerySet[WhatIfScenario]:
    """The biennium's scenarios not applied yet, newest first."""
    return WhatIfScenario.objects.filter(biennium=biennium, applied_at__isnull=True).select_related(
        "created_by"
    )


def scenario_keep(
    *,
    biennium: Biennium,
    by,
    name: str,
    changes: Changes,
    seen_values: Mapping[str, Decimal] | None = None,
) -> WhatIfScenario:
    """Keep `changes` under `name` on a draft, with the figures they change as saved now.

    `seen_values` are the saved figures the panel showed, by key; if one the scenario changes
    was saved since, the scenario is refused (it would be made against figures not seen).
    """
    require_role(by, *EDITORS)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the scenario.")})
    figures = changed_figures(changes)
    if not figures:
        raise ValidationError(_("The scenario changes no figure: change at least one."))
    with transaction.atomic():
        lock_for_edit(biennium)
        saved = saved_inputs(biennium=biennium)
        unknown = sorted(figures.keys() - saved.keys())
        if unknown:
            raise ValidationError(
                _("These figures are not in the proposed budget: %(keys)s.")
                % {"keys": ", ".join(unknown)}
            )
        moved = [
            key
            for key in figures
            if seen_values and key in seen_values and seen_values[key] != saved[key].value
        ]
        if moved:
            _one, two = appendices(biennium)
            raise ScenarioStale(
                _(
                    "Not kept: %(figures)s saved by someone since the panel was opened. Open "
                    "the panel again to see the figures as they stand."
                )
                % {"figures": ", ".join(input_label(key, two) for key in moved)}
            )
        if WhatIfScenario.objects.filter(biennium=biennium, name=name).exists():
            raise ValidationError({"name": _("A scenario of this name exists already.")})
        scenario = WhatIfScenario(
            biennium=biennium,
            name=name,
            changes=changes_to_json(changes),
            seen={
                key: {
                    "value": str(saved[key].value),
                    "version": saved[key].version,
                    "pk": saved[key].pk,
                }
                for key in figures
            },
            created_by=by,
        )
        scenario._history_user = by
        scenario.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                scenario.save()
        except IntegrityError as error:  # the same name kept at the same moment by someone else
            raise ValidationError({"name": _("A scenario of this name exists already.")}) from error
    return scenario


def scenario_discard(*, scenario: WhatIfScenario, by) -> None:
    """Discard a scenario not applied yet (its history keeps it)."""
    require_role(by, *EDITORS)
    with transaction.atomic():
        locked = WhatIfScenario.objects.select_for_update().filter(pk=scenario.pk).first()
        if locked is None:
            return  # discarded already
        if locked.applied_at is not None:
            raise ValidationError(_("An applied scenario is part of the figures' history."))
        locked._history_user = by
        locked.delete()


def _stale(key: str, seen: dict | None, saved: SavedInput | None) -> bool:
    if seen is None or saved is None:
        return True
    if Decimal(seen["value"]) != saved.value:
        return True
    return key not in COMPARED_BY_VALUE and (seen["version"], seen["pk"]) != (
        saved.version,
        saved.pk,
    )


def scenario_apply(*, scenario: WhatIfScenario, by) -> WhatIfScenario:
    """Save the scenario's figures as one save of the figures page, or refuse naming those
    someone saved since it was made."""
    require_role(by, *EDITORS)
    with transaction.atomic():
        biennium = lock_for_edit(scenario.biennium)
        locked = WhatIfScenario.objects.select_for_update().get(pk=scenario.pk)
        if locked.applied_at is not None:
            raise ValidationError(_("This scenario has been applied already."))
        budget = _proposed_budget(biennium)
        saved = _inputs_of(budget)
        changes = changes_from_json(locked.changes)
        stale = [
            key
            for key in changed_figures(changes)
            if _stale(key, locked.seen.get(key), saved.get(key))
        ]
        if stale:
            _one, two = appendices(biennium)
            raise ScenarioStale(
                _(
                    "Not applied: %(figures)s saved since the scenario was made. Make the "
                    "scenario again from the figures as they stand."
                )
                % {"figures": ", ".join(input_label(key, two) for key in stale)}
            )
        _save(biennium=biennium, budget=budget, by=by, changes=changes)
        locked.applied_by, locked.applied_at = by, timezone.now()
        locked._history_user = by
        locked.save(update_fields=["applied_by", "applied_at"])
    return locked


def _save(*, biennium: Biennium, budget: Budget, by, changes: Changes) -> None:
    estimates = {e.line: e for e in budget.income.all()}
    values = FigureValues(
        brought_forward=_or(changes.brought_forward, budget.funds_brought_forward),
        expenditure=_or(changes.expenditure, budget.total_expenditure),
        income=dict(changes.income),
        income_versions={line: estimates[line].version for line in changes.income},
    )
    rows = list(budget.subprogrammes.all())
    changed_rows = [
        SubprogrammeValues(
            name=row.name,
            professional_months=row.professional_months,
            general_service_months=row.general_service_months,
            staff_cost=changes.staff_cost.get(index, row.staff_cost),
            non_staff_cost=changes.non_staff_cost.get(index, row.non_staff_cost),
            pk=row.pk,
            seen_version=row.version,
        )
        for index, row in enumerate(rows)
        if index in changes.staff_cost or index in changes.non_staff_cost
    ]
    appendices_save(
        biennium=biennium,
        by=by,
        columns={Column.PROPOSED: ColumnEdit(values=values, seen_version=budget.version)},
        appendix_two=AppendixTwoEdit(rows=changed_rows, seen_version=budget.version)
        if changed_rows
        else None,
    )


def _or(value: Decimal | None, default: Decimal) -> Decimal:
    return default if value is None else value
