"""Writing generated rows in bulk, each with the history it would have had.

Every table is written with bulk_create and its history with simple_history's own bulk helper
(`bulk_history_create`), never a save per row. History dates are set on each row, so two runs
with the same seed write the same history, and old bienniums' rows are dated in their years.
"""

import copy
import datetime
import random
from collections.abc import Callable, Iterable, Sequence

from django.apps import apps
from django.db import models

BATCH = 2000


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on a day, in UTC (history dates are aware)."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def day_in(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def insert(
    objs: Sequence[models.Model],
    *,
    user,
    when: Callable[[models.Model], datetime.datetime],
) -> list:
    """Insert rows and one "+" history row each, dated by `when`; returns the history rows."""
    if not objs:
        return []
    model = type(objs[0])
    model.objects.bulk_create(objs, batch_size=BATCH)
    return history(objs, user=user, when=when)


def history(
    objs: Iterable[models.Model],
    *,
    user,
    when: Callable[[models.Model], datetime.datetime],
    update: bool = False,
) -> list:
    """History rows for rows already written: "+" (created) or "~" (changed), as they are now."""
    objs = list(objs)
    if not objs:
        return []
    for obj in objs:
        obj._history_date = when(obj)
    model = type(objs[0])
    return model.history.bulk_history_create(
        objs, batch_size=BATCH, update=update, default_user=user
    )


def as_first_written(obj: models.Model, **earlier) -> models.Model:
    """A copy of a row as it was first written (e.g. planned, version 1), for its "+" history."""
    first = copy.copy(obj)
    for name, value in earlier.items():
        setattr(first, name, value)
    return first


def link(
    model: type[models.Model], field: str, pairs: Iterable[tuple[int, object]], *, history_rows=()
) -> None:
    """Fill a many-to-many field from (row id, target id) pairs, with its history snapshots.

    simple_history keeps, for every history row of a model with tracked many-to-many fields,
    the links it had then; `history_rows` are (history row, [target ids]) pairs.
    """
    relation = model._meta.get_field(field)
    through = relation.remote_field.through
    source = relation.m2m_field_name() + "_id"
    target = relation.m2m_reverse_field_name() + "_id"
    links = through.objects.bulk_create(
        [through(**{source: row, target: other}) for row, other in pairs], batch_size=BATCH
    )
    link_ids = {(getattr(x, source), getattr(x, target)): x.pk for x in links}
    historical = model.history.model
    snapshot = apps.get_model(historical._meta.app_label, f"{historical.__name__}_{field}")
    snapshot.objects.bulk_create(
        [
            # A snapshot keeps the link row's own id beside the history row it belongs to.
            snapshot(
                id=link_ids[(row.id, other)],
                history_id=row.history_id,
                **{source: row.id, target: other},
            )
            for row, others in history_rows
            for other in others
        ],
        batch_size=BATCH,
    )
