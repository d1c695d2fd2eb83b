"""Celery tasks: thin wrappers over documents.services; the ExportJob row records the outcome."""

from celery import shared_task
from django.utils.translation import gettext as _

from . import services

# The sweep's STALE_AFTER (300 s by default) must stay above the hard limit.
SOFT_TIME_LIMIT = 120
TIME_LIMIT = 150
MAX_RETRIES = 3


def backoff(retries: int) -> int:
    """Seconds before retry number `retries` + 1: 5, 20, 80."""
    return 5 * 4**retries


@shared_task(
    bind=True,
    name="documents.export_document",
    acks_late=True,  # a worker that dies mid-task leaves the message for another one
    # The job row is the outcome, so sending the task never waits on the result backend.
    ignore_result=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def export_document(self, job_id: int) -> str | None:
    """Run export job `job_id`; idempotent, since only a queued job can be claimed."""
    try:
        job = services.run_export(job_id)
    except services.TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.fail_export(
                job_id,
                reason=_("The export failed after %(tries)d tries: %(error)s")
                % {"tries": self.request.retries + 1, "error": error},
            )
            return None
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error
    return job.status if job else None


@shared_task(name="documents.sweep_stale_exports")
def sweep_stale_exports() -> dict:
    """Periodic (Celery beat): requeue or fail jobs whose worker died; resend lost ones."""
    result = services.sweep_stale_jobs()
    return {
        "requeued": result.requeued,
        "failed": result.failed,
        "resent": result.resent,
        "deleted_files": result.deleted_files,
    }
