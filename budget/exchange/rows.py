"""Write one kind of row in bulk, matched by natural key, with its history by the importer."""

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

OUTCOMES = ("created", "updated", "unchanged", "deleted")
UPDATE_BATCH = 1000


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
        update_in_bulk(plan.updated, fields=sorted(plan.fields | {"version"}))
        history = get_history_manager_for_model(model)
        history.bulk_history_create(plan.updated, update=True, default_user=by)
    created = []
    if plan.created:
        created = create_with_history([row for _k, row in plan.created], model, by=by)
    tally.add(kind, created=len(created), updated=len(plan.updated), unchanged=plan.unchanged)
    rows = {key: stored[key] for key in wanted if key in stored}
    rows.update(zip((key for key, _row in plan.created), created, strict=True))
    return rows


def create_with_history(rows: list[models.Model], model: type[models.Model], *, by) -> list:
    """Insert the rows in bulk, and a creation history row for each ('+', now, by).

    On PostgreSQL the database copies the history rows from the rows just inserted
    (history_in_bulk): django-simple-history builds a historical model object per row, which
    was a third of the time of importing 10,000 contributions. Elsewhere, its own bulk helper.
    """
    if connection.vendor != "postgresql":
        return bulk_create_with_history(rows, model, default_user=by)
    created = model._default_manager.bulk_create(rows)
    history_in_bulk(model, [row.pk for row in created], kind="+", by=by)
    return created


def history_in_bulk(model: type[models.Model], ids: list[int], *, kind: str, by) -> list:
    """PostgreSQL only: one history row of type `kind` ('+' created, '~' changed) for each row
    of `ids`, copied by the database from the table as it stands, dated now and signed `by`,
    in one INSERT … SELECT. Returns (history id, row id) pairs."""
    if not ids:
        return []
    history = get_history_manager_for_model(model).model
    quote = connection.ops.quote_name
    copied = ", ".join(
        quote(f.column) for f in history._meta.concrete_fields if not f.name.startswith("history_")
    )
    marks = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_type", "history_user", "history_change_reason")
    )
    key = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({copied}, {marks}) "  # noqa: S608 - names quoted, values as parameters
            f"SELECT {copied}, %s, %s, %s, NULL FROM {quote(model._meta.db_table)} "
            # In the rows' order, so the history ids are given in it: the same file gives
            # the same database (benchmarks' generate_data is deterministic by seed).
            f"WHERE {key} = ANY(%s) ORDER BY {key} RETURNING history_id, {key}",
            [timezone.now(), kind, getattr(by, "pk", None), ids],
        )
        return cursor.fetchall()


def update_in_bulk(rows: list[models.Model], *, fields: list[str]) -> None:
    """Save these fields of the rows, a thousand rows a statement.

    Django's bulk_update writes one CASE WHEN per field with a branch per row, which PostgreSQL
    walks for every row (10,000 changed activities: over a minute). On PostgreSQL the rows go
    in a VALUES list joined on the primary key instead, each value cast to its column's type.
    """
    if not rows:
        return
    model = type(rows[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(rows, fields)  # in batches of the parameters' cap
        return
    columns = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    quote = connection.ops.quote_name
    placeholder = "(" + ", ".join(f"%s::{c.db_type(connection)}" for c in columns) + ")"
    assignments = ", ".join(f"{quote(c.column)} = v.{quote(c.column)}" for c in columns[1:])
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    names = ", ".join(quote(c.column) for c in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPDATE_BATCH):
            batch = rows[start : start + UPDATE_BATCH]
            params = [
                column.get_db_prep_save(getattr(row, column.attname), connection)
                for row in batch
                for column in columns
            ]
            values = ", ".join([placeholder] * len(batch))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v({names})"  # noqa: S608 - names quoted, values as parameters
                f" WHERE {table}.{pk} = v.{pk}",
                params,
            )


def delete_rows(*, rows: list[models.Model], kind: str, by, tally: Tally) -> None:
    """Delete rows one by one, so each deletion's history row names who made it."""
    for row in rows:
        row._history_user = by
        row.delete()
    tally.add(kind, deleted=len(rows))
