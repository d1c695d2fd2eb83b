"""Write one kind of row in bulk, matched by natural key, with its history by the importer."""

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

OUTCOMES = ("created", "updated", "unchanged", "deleted")


@dataclass
class Tally:
    """How many rows of each kind the import created, updated, left alone or deleted."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, **outcomes: int) -> None:
        counts = self.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0))
        for outcome, number in outcomes.items():
            counts[outcome] += number

    def lines(self) -> list[str]:
        return [
            f"{kind}: " + ", ".join(f"{counts[o]} {o}" for o in OUTCOMES)
            for kind, counts in self.counts.items()
        ]


@dataclass
class Plan:
    """What writing `wanted` over `stored` takes: new rows, changed rows and their fields."""

    created: list[tuple[Hashable, models.Model]]
    updated: list[models.Model]
    fields: set[str]
    unchanged: int


def plan_rows(
    *, model: type[models.Model], stored: dict, wanted: dict[Hashable, dict[str, Any]]
) -> Plan:
    """Compare each wanted row with the stored one of its key; a change bumps the version."""
    plan = Plan(created=[], updated=[], fields=set(), unchanged=0)
    for key, values in wanted.items():
        row = stored.get(key)
        if row is None:
            plan.created.append((key, model(**values)))
            continue
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if not changed:
            plan.unchanged += 1
            continue
        for name in changed:
            setattr(row, name, values[name])
        row.version += 1  # an editor holding the old version is told someone saved first
        plan.updated.append(row)
        plan.fields.update(changed)
    return plan


def write_rows(
    *,
    model: type[models.Model],
    kind: str,
    stored: dict,
    wanted: dict[Hashable, dict[str, Any]],
    by,
    tally: Tally,
) -> dict:
    """Create and update rows in bulk, one history row each; return every wanted row by key."""
    plan = plan_rows(model=model, stored=stored, wanted=wanted)
    if plan.updated:
        bulk_update_with_history(
            plan.updated, model, fields=sorted(plan.fields | {"version"}), default_user=by
        )
    created = []
    if plan.created:
        created = bulk_create_with_history(
            [row for _k, row in plan.created], model, default_user=by
        )
    tally.add(kind, created=len(created), updated=len(plan.updated), unchanged=plan.unchanged)
    rows = {key: stored[key] for key in wanted if key in stored}
    rows.update(zip((key for key, _row in plan.created), created, strict=True))
    return rows


def delete_rows(*, rows: list[models.Model], kind: str, by, tally: Tally) -> None:
    """Delete rows one by one, so each deletion's history row names who made it."""
    for row in rows:
        row._history_user = by
        row.delete()
    tally.add(kind, deleted=len(rows))
