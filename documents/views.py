"""Managers start exports, watch them run and download the files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cinterfor.roles import MANAGERS, role_required
from programme.selectors import get_biennium_or_404
from translations.selectors import language_summaries

from . import selectors, services
from .forms import ExportForm
from .models import ExportJob, export_storage
from .renderers import renderer

POLL_SECONDS = 1


def _list_context(request, jobs, page_number) -> dict:
    page = Paginator(jobs, 25).get_page(page_number)
    return {
        "page": page,
        "jobs": page.object_list,
        "notifications": selectors.unseen_outcomes(user=request.user),
    }


def _report_request(request, job: ExportJob, created: bool) -> None:
    """Tell the manager what became of their request: new, under way already, or waiting."""
    if not created:
        messages.info(
            request,
            _(
                "An export of this document in this format and language is already under way; "
                "this page follows it."
            ),
        )
    elif job.is_waiting_for_queue:
        messages.warning(
            request,
            _(
                "The export is queued, but the task queue cannot be reached right now. It will "
                "start by itself when the queue is back; there is no need to ask again."
            ),
        )
    else:
        messages.info(request, _("Export requested; this page follows its progress."))


# Not in the request's transaction: the job is committed and its task sent (or found
# unsendable) before the answer, so the answer can say which.
@transaction.non_atomic_requests
@role_required(MANAGERS)
def biennium_exports(request, years: str):
    """Start an export of one biennium, and see its past exports."""
    biennium = get_biennium_or_404(years)
    if request.method == "POST":
        form = ExportForm(request.POST, biennium=biennium)
    else:  # drawn only when the page's kept copy of it is drawn again (cinterfor.data_version)
        form = SimpleLazyObject(lambda: ExportForm(biennium=biennium))
    if request.method == "POST" and form.is_valid():
        try:
            job, created = services.export_request(
                biennium=biennium,
                fmt=form.cleaned_data["format"],
                language=form.cleaned_data["language"],
                by=request.user,
                compare_to=form.cleaned_data["compare_to"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            job.refresh_from_db()
            _report_request(request, job, created)
            return redirect("documents:job", pk=job.pk)
    context = {
        "biennium": biennium,
        "form": form,
        # Before exporting in a language, what a document in it would print untranslated.
        "translations": SimpleLazyObject(lambda: language_summaries(biennium=biennium)),
        **_list_context(request, selectors.export_jobs(biennium=biennium), request.GET.get("page")),
    }
    return render(request, "documents/exports.html", context)


@role_required(MANAGERS)
def all_exports(request):
    """Every export of every biennium, with who made it."""
    context = _list_context(request, selectors.export_jobs(), request.GET.get("page"))
    return render(request, "documents/export_list.html", context)


def _progress_context(request, job: ExportJob) -> dict:
    if job.is_finished:
        services.mark_seen(job=job, by=request.user)
    return {"job": job, "poll_seconds": POLL_SECONDS}


@role_required(MANAGERS)
def job_detail(request, pk: int):
    job = selectors.get_job_or_404(pk)
    context = {"biennium": job.biennium, **_progress_context(request, job)}
    return render(request, "documents/job_detail.html", context)


@role_required(MANAGERS)
def job_progress(request, pk: int):
    """The progress fragment that htmx polls until the job ends."""
    job = selectors.get_job_or_404(pk)
    return render(request, "documents/_job_progress.html", _progress_context(request, job))


@require_POST
@role_required(MANAGERS)
def job_seen(request, pk: int):
    """Dismiss a notification about one's own finished export."""
    services.mark_seen(job=selectors.get_job_or_404(pk), by=request.user)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "documents:export_list"
    return redirect(target)


@role_required(MANAGERS)
def job_download(request, pk: int):
    """The published file, as an attachment under a safe name."""
    job = selectors.get_job_or_404(pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("This export has no file.")
    output = renderer(job.format)
    try:
        handle = export_storage().open(job.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404("The file of this export is gone.") from error
    name = job.file_name or f"export-{job.pk}.{output.extension}"
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=output.media_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
