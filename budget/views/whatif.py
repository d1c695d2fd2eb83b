"""The what-if panel: change input figures of a draft and see what follows, saving nothing."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.narrative import narrative_text
from cinterfor.roles import FINANCE, MANAGERS, role_required
from programme.selectors import get_biennium_or_404, numbered_paragraphs

from .. import scenarios
from ..appendices import AppendixOne, AppendixTwo, Column, appendices
from ..cycle import brought_forward_note, brought_forward_source
from ..models import IncomeLine, WhatIfScenario
from ..whatif import Changes, changes_from_json, scenarios_side_by_side, what_if

MONEY = {"max_digits": 14, "decimal_places": 2}
SEEN = "seen_"


def figure_key(name: str) -> str:
    """A form field's figure key: income_ilo → income.ilo, staff_0 → staff_cost.0."""
    for prefix, key in (
        ("income_", "income."),
        ("non_staff_", "non_staff_cost."),
        ("staff_", "staff_cost."),
    ):
        if name.startswith(prefix):
            return key + name.removeprefix(prefix)
    return name


class WhatIfForm(forms.Form):
    """Every input figure of the proposed column and Appendix II, prefilled with its stored value."""

    def __init__(self, *args, one: AppendixOne, two: AppendixTwo, **kwargs):
        super().__init__(*args, **kwargs)
        proposed = one.column(Column.PROPOSED)
        self.stored: dict[str, Decimal] = {}
        # A is derived, not an input, once the previous anticipated column is entered.
        source = brought_forward_source(one)
        self.brought_forward_note = brought_forward_note(source) if source else ""
        if proposed is not None and source is None:
            self._money("brought_forward", _("A. Funds brought forward"), proposed.brought_forward)
        if proposed is not None:
            for line in IncomeLine.values:
                self._money(f"income_{line}", IncomeLine(line).label, proposed.income[line])
            self._money("expenditure", _("D. Total expenditure"), proposed.expenditure)
        for index, row in enumerate(two.rows):
            name = narrative_text(row.name)
            self._money(f"staff_{index}", _("%(row)s: staff cost") % {"row": name}, row.staff_cost)
            self._money(
                f"non_staff_{index}",
                _("%(row)s: non-staff cost") % {"row": name},
                row.non_staff_cost,
            )

    def _money(self, name: str, label, value: Decimal) -> None:
        self.stored[name] = value
        self.fields[name] = forms.DecimalField(
            label=label, initial=value, required=False, localize=False, **MONEY
        )

    def seen_fields(self) -> list[tuple[str, Decimal]]:
        """The saved figures this form shows, as hidden fields to send with a scenario."""
        return [(f"{SEEN}{name}", value) for name, value in self.stored.items()]

    def seen_values(self, data) -> dict[str, Decimal]:
        """The saved figures the panel showed (posted back), by figure key."""
        seen = {}
        for name in self.stored:
            try:
                seen[figure_key(name)] = Decimal(data[f"{SEEN}{name}"])
            except (KeyError, InvalidOperation):
                continue  # not shown: compared with nothing
        return seen

    def changes(self) -> Changes:
        """The figures typed that differ from the stored ones; a blank keeps the stored value."""
        typed = {
            name: value
            for name, value in self.cleaned_data.items()
            if value is not None and value != self.stored[name]
        }
        return Changes(
            brought_forward=typed.get("brought_forward"),
            expenditure=typed.get("expenditure"),
            income={
                line: typed[f"income_{line}"]
                for line in IncomeLine.values
                if f"income_{line}" in typed
            },
            staff_cost={
                int(n.split("_")[-1]): v for n, v in typed.items() if n.startswith("staff_")
            },
            non_staff_cost={
                int(n.split("_")[-1]): v for n, v in typed.items() if n.startswith("non_staff_")
            },
        )


COMPUTE = "compute"
COMPUTE_LABEL = gettext_lazy("Show the effect")


@role_required(MANAGERS, FINANCE)
def panel(request, years: str):
    """GET only: the form, and with `compute` the figures before and after. Nothing is saved."""
    biennium = get_biennium_or_404(years)
    one, two = appendices(biennium)
    bound = COMPUTE in request.GET
    form = WhatIfForm(request.GET if bound else None, one=one, two=two)
    outcome = None
    if not biennium.is_locked and bound and form.is_valid():
        outcome = what_if(
            biennium=biennium,
            one=one,
            two=two,
            paragraphs=numbered_paragraphs(biennium=biennium),
            changes=form.changes(),
        )
    context = {
        "biennium": biennium,
        "form": form,
        "outcome": outcome,
        "compute": COMPUTE,
        "compute_label": COMPUTE_LABEL,
        "scenario_count": scenarios.open_scenarios(biennium=biennium).count(),
    }
    return render(request, "budget/whatif.html", context)


# Scenarios: keep, compare, discard, apply


def _refusal(request, error: Exception) -> None:
    if isinstance(error, ConcurrentEdit):
        messages.error(request, error.message)
    else:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


@require_POST
@role_required(MANAGERS, FINANCE)
def scenario_keep(request, years: str):
    """Keep the figures typed in the panel as a named scenario; the figures stay as saved."""
    biennium = get_biennium_or_404(years)
    one, two = appendices(biennium)
    form = WhatIfForm(request.POST, one=one, two=two)
    if not form.is_valid():
        messages.error(request, _("The scenario was not kept: correct the figures first."))
        return redirect("whatif:panel", years=biennium.slug)
    try:
        scenario = scenarios.scenario_keep(
            biennium=biennium,
            by=request.user,
            name=request.POST.get("name", ""),
            changes=form.changes(),
            seen_values=form.seen_values(request.POST),
        )
    except (ValidationError, PermissionDenied) as error:
        _refusal(request, error)
        return redirect("whatif:panel", years=biennium.slug)
    messages.success(request, _("Scenario “%(name)s” kept.") % {"name": scenario.name})
    return redirect("whatif:scenarios", years=biennium.slug)


MAX_SIDE_BY_SIDE = 6  # columns a screen can show


@role_required(MANAGERS, FINANCE)
def scenario_list(request, years: str):
    """The open scenarios side by side with the saved figures (the newest six)."""
    biennium = get_biennium_or_404(years)
    kept = list(scenarios.open_scenarios(biennium=biennium)[:MAX_SIDE_BY_SIDE])
    one, two = appendices(biennium)
    rows = scenarios_side_by_side(one, two, [changes_from_json(s.changes) for s in kept])
    total = scenarios.open_scenarios(biennium=biennium).count()
    context = {"biennium": biennium, "scenarios": kept, "rows": rows, "total": total}
    return render(request, "budget/whatif_scenarios.html", context)


@require_POST
@role_required(MANAGERS, FINANCE)
def scenario_discard(request, years: str, pk: int):
    biennium = get_biennium_or_404(years)
    scenario = WhatIfScenario.objects.filter(biennium=biennium, pk=pk).first()
    if scenario is None:  # a second click, or a colleague was quicker
        messages.info(request, _("This scenario has been discarded already."))
        return redirect("whatif:scenarios", years=biennium.slug)
    try:
        scenarios.scenario_discard(scenario=scenario, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Scenario “%(name)s” discarded.") % {"name": scenario.name})
    return redirect("whatif:scenarios", years=biennium.slug)


@require_POST
@role_required(MANAGERS, FINANCE)
def scenario_apply(request, years: str, pk: int):
    """Save the scenario's figures as one save, unless someone saved them since."""
    biennium = get_biennium_or_404(years)
    scenario = get_object_or_404(WhatIfScenario, biennium=biennium, pk=pk)
    try:
        scenarios.scenario_apply(scenario=scenario, by=request.user)
    except (ValidationError, PermissionDenied, ConcurrentEdit) as error:
        _refusal(request, error)
        return redirect("whatif:scenarios", years=biennium.slug)
    messages.success(
        request, _("Scenario “%(name)s” applied: its figures are saved.") % {"name": scenario.name}
    )
    return redirect("budget:figures", years=biennium.slug)
