"""Celery tasks: thin wrappers over tables.services; the UploadBatch row records the outcome."""

from celery import shared_task
from django.utils.translation import gettext as _

from . import services

SOFT_TIME_LIMIT = 600
TIME_LIMIT = 660


@shared_task(
    name="tables.check_upload",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def check_upload(batch_id: int) -> str | None:
    """Check upload `batch_id` row by row; idempotent, since only a queued batch is claimed."""
    try:
        batch = services.upload_check(batch_id)
    except Exception as error:
        services.upload_fail(batch_id, reason=_("The check failed: %(error)s") % {"error": error})
        raise
    return batch.status if batch else None


@shared_task(
    name="tables.save_upload",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def save_upload(batch_id: int) -> str | None:
    """Save confirmed upload `batch_id`, all or nothing; a saved batch is not saved again."""
    try:
        batch = services.upload_save(batch_id)
    except Exception as error:
        services.upload_fail(batch_id, reason=_("The save failed: %(error)s") % {"error": error})
        raise
    return batch.status if batch else None
