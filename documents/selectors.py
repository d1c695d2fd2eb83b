"""Reads of export jobs for the pages, each in a fixed number of queries."""

from django.db.models import QuerySet
from django.http import Http404

from programme.models import Biennium

from .models import ExportJob


def export_jobs(*, biennium: Biennium | None = None) -> QuerySet[ExportJob]:
    """Past and running exports, newest first, with who asked and for which biennium."""
    jobs = ExportJob.objects.select_related("requested_by", "biennium").order_by(
        "-requested_at", "-id"
    )
    return jobs.filter(biennium=biennium) if biennium is not None else jobs


def unseen_outcomes(*, user) -> list[ExportJob]:
    """The user's finished exports they have not looked at yet: the app's notifications."""
    return list(
        export_jobs().filter(
            requested_by=user,
            seen_at__isnull=True,
            status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED],
        )[:10]
    )


def get_job_or_404(pk: int) -> ExportJob:
    try:
        return export_jobs().get(pk=pk)
    except ExportJob.DoesNotExist as error:
        raise Http404("No such export.") from error
