"""Celery tasks of the budget app: thin wrappers over plain functions."""

from celery import shared_task

from programme.models import Biennium

from .reconciliation import reconcile


@shared_task
def reconcile_biennium(biennium_id: int) -> list[str]:
    """The reconciliation report of one biennium, one line per inconsistency."""
    biennium = Biennium.objects.get(pk=biennium_id)
    return [str(finding) for finding in reconcile(biennium)]
