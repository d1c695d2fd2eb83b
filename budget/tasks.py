"""Celery tasks of the budget app: thin wrappers over plain functions."""

from celery import shared_task

from programme.models import Biennium

from .reconciliation import reconcile
from .statements import reminders_run, statement_make


@shared_task
def reconcile_biennium(biennium_id: int) -> list[str]:
    """The reconciliation report of one biennium, one line per inconsistency."""
    biennium = Biennium.objects.get(pk=biennium_id)
    return [str(finding) for finding in reconcile(biennium)]


@shared_task(name="budget.make_statement", soft_time_limit=120, time_limit=150)
def make_statement(statement_id: int) -> str | None:
    """Write one statement's PDF and XLSX (the Statement row records the outcome)."""
    statement = statement_make(statement_id=statement_id)
    return statement.status if statement else None


@shared_task(name="budget.send_reminders", soft_time_limit=300, time_limit=360)
def send_reminders() -> int:
    """Run daily by Celery beat; sends only on the day of the month finance set."""
    return len(reminders_run().sent)
