"""The shipped proposal, imported once per test session and copied into each test that asks.

Importing the 2020–21 file validates and writes a few hundred rows with their history; doing
that in every test cost about half a second each. Instead the session imports it once inside
a transaction that is rolled back, keeps the rows the database then holds, and each test
inserts those same rows again with one bulk INSERT per table. The database a test sees is the
one the import makes, ids included.

Rows the migrations made (countries, the roles' groups) are kept too and inserted only where
missing: a transactional test empties every table, and the next one still needs them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

# Rebuilt by Django itself after a flush, with ids of its own.
REBUILT_BY_DJANGO = {"contenttypes", "sessions"}
REBUILT_MODELS = {"auth.permission", "auth.group_permissions"}


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in REBUILT_BY_DJANGO
        and model._meta.label_lower not in REBUILT_MODELS
    ]


@dataclass(frozen=True)
class Snapshot:
    """The rows of each table after a write."""

    rows: list[tuple[type[models.Model], list[models.Model]]]

    def restore(self) -> None:
        """Insert the rows that are missing; foreign keys are checked at commit, so in any order."""
        with transaction.atomic():  # one commit in transactional tests, so FKs check at the end
            for model, rows in self.rows:
                model._base_manager.bulk_create(rows, ignore_conflicts=True)
            # Explicit ids leave PostgreSQL's sequences behind; move them past the copied rows.
            statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in self.rows])
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


def snapshot_of(write: Callable[[], object]) -> Snapshot:
    """Run `write`, keep every row the database then holds, and roll the write back."""
    with transaction.atomic():
        write()
        rows = []
        for model in _tables():
            held = list(model._base_manager.order_by("pk"))
            if held:
                rows.append((model, held))
        transaction.set_rollback(True)
    return Snapshot(rows)
