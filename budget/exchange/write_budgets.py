"""Write the appendices and the contributions of a proposal in bulk, over the stored rows."""

from programme.models import Biennium, BienniumTransition

from ..bulk_contributions import natural_key
from ..models import Budget, Contribution, IncomeEstimate, Subprogramme
from . import schema
from .errors import Problem, ProposalFileError
from .references import years_of
from .rows import Tally, write_rows
from .stored import Stored


def _differences(budget: Budget, item: schema.Budget, stored_income: dict) -> list[str]:
    """The fields of a stored budget that a file states differently."""
    differences = []
    if budget.funds_brought_forward != item.funds_brought_forward:
        differences.append("funds_brought_forward")
    if budget.total_expenditure != item.total_expenditure:
        differences.append("total_expenditure")
    for line, amount in item.income.items():
        if stored_income.get(line.value) != amount:
            differences.append(f"income.{line.value}")
    return differences


RECORDED_FROM_COMPARISON = (
    "Recorded from the comparative columns of the %(label)s proposal as the budget the "
    "Governing Body approved; it was not submitted or approved in this application."
)


def _previous(proposal, *, biennium: Biennium, by) -> tuple[Biennium | None, dict, dict]:
    """The previous biennium (stored, or created as the comparison's approved past), its budgets."""
    years = [b.years for b in proposal.budgets if years_of(b.years)[0] != biennium.start_year]
    if not years:
        return None, {}, {}
    start, end = years_of(years[0])
    previous = Biennium.objects.filter(start_year=start).first()
    if previous is None:
        # Only its comparative figures are known: a closed record of what the Governing Body
        # approved, not a proposal of this application, so no submitter or approver is named;
        # the transition says who recorded it and from what.
        previous = Biennium(start_year=start, end_year=end, status=Biennium.Status.APPROVED)
        previous._history_user = by
        previous.save()
        BienniumTransition.objects.create(
            biennium=previous,
            from_status=Biennium.Status.DRAFT,
            to_status=Biennium.Status.APPROVED,
            by=by,
            reason=RECORDED_FROM_COMPARISON % {"label": biennium.label},
        )
    budgets = {b.phase: b for b in Budget.objects.filter(biennium=previous)}
    income: dict[str, dict] = {}
    for estimate in IncomeEstimate.objects.filter(budget__biennium=previous):
        income.setdefault(estimate.budget_id, {})[estimate.line] = estimate.amount
    return previous, budgets, income


def write_budgets(proposal: schema.Proposal, *, biennium: Biennium, stored: Stored, by, tally):
    """This biennium's budgets by phase; the previous one's only where it has none stored."""
    previous, previous_budgets, previous_income = _previous(proposal, biennium=biennium, by=by)
    wanted, stored_rows, items = {}, dict(stored.budgets), {}
    for i, item in enumerate(proposal.budgets):
        phase = item.phase.value
        if previous is not None and years_of(item.years)[0] == previous.start_year:
            held = previous_budgets.get(phase)
            if held is not None:
                differences = _differences(held, item, previous_income.get(held.pk, {}))
                if differences:
                    problems = [
                        Problem(f"budgets[{i}].{name}", f"differs from the stored {held}.")
                        for name in differences
                    ]
                    raise ProposalFileError(problems)
                continue
            owner, key = previous, (previous.start_year, phase)
        else:
            owner, key = biennium, phase
        items[key] = item
        wanted[key] = {
            "biennium_id": owner.pk,
            "phase": phase,
            "funds_brought_forward": item.funds_brought_forward,
            "total_expenditure": item.total_expenditure,
        }
    budgets = write_rows(
        model=Budget, kind="budgets", stored=stored_rows, wanted=wanted, by=by, tally=tally
    )
    write_rows(
        model=IncomeEstimate,
        kind="income estimates",
        stored=stored.income,
        wanted={
            (key, line.value): {"budget_id": budgets[key].pk, "line": line.value, "amount": amount}
            for key, item in items.items()
            for line, amount in item.income.items()
        },
        by=by,
        tally=tally,
    )
    write_rows(
        model=Subprogramme,
        kind="subprogrammes",
        stored=stored.subprogrammes,
        wanted={
            (key, position): {
                "budget_id": budgets[key].pk,
                "position": position,
                "name": row.name,
                "professional_months": row.professional_months,
                "general_service_months": row.general_service_months,
                "staff_cost": row.staff_cost,
                "non_staff_cost": row.non_staff_cost,
            }
            for key, item in items.items()
            for position, row in enumerate(item.subprogrammes, start=1)
        },
        by=by,
        tally=tally,
    )


def _contribution_key(values: dict) -> tuple:
    return tuple(values[name] for name in sorted(values))


def _natural_key(values: dict) -> tuple:
    return natural_key(
        institution_id=values["institution_id"],
        date=values["date"],
        stage=values["stage"],
        amount=values["amount"],
        reference=values["reference"],
    )


def write_contributions(proposal, *, biennium: Biennium, institutions: dict, by, tally: Tally):
    """Add the file's contributions that are not stored; keep those entered in the application."""
    stored: dict[tuple, int] = {}
    fields = [
        "payer",
        "institution_id",
        "payer_name",
        "stage",
        "date",
        "amount",
        "currency",
        "amount_usd",
        "income_line",
        "reference",
        "note",
    ]
    referenced = set()  # the natural keys of those with a reference, which are unique
    for values in Contribution.objects.filter(biennium=biennium).values(*fields):
        key = _contribution_key(values)
        stored[key] = stored.get(key, 0) + 1
        if values["reference"]:
            referenced.add(_natural_key(values))
    new = []
    for item in proposal.contributions:
        values = {
            "payer": item.payer,
            "institution_id": institutions[item.institution].pk if item.institution else None,
            "payer_name": item.payer_name,
            "stage": item.stage,
            "date": item.date,
            "amount": item.amount,
            "currency": item.currency,
            "amount_usd": item.amount_usd,
            "income_line": item.income_line.value,
            "reference": item.reference,
            "note": item.note,
        }
        key = _contribution_key(values)
        if stored.get(key):
            stored[key] -= 1  # the same contribution, stored already
            continue
        if values["reference"] and _natural_key(values) in referenced:
            continue  # the same payment, stored already and since changed in the application
        new.append(Contribution(biennium=biennium, **values))
    write_rows(
        model=Contribution,
        kind="contributions",
        stored={},
        wanted={
            i: {f: getattr(row, f) for f in ["biennium_id", *fields]} for i, row in enumerate(new)
        },
        by=by,
        tally=tally,
    )
    tally.add("contributions", unchanged=len(proposal.contributions) - len(new))
