"""Downloads of every list (XLSX and CSV, under the screen's filters) and uploads of workbooks."""

import tempfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cinterfor.roles import ALL_ROLES, FINANCE, MANAGERS, role_required
from cinterfor.submissions import create_once, once_only
from programme.selectors import get_biennium_or_404

from . import exports, services, template_book
from .checks import RowStatus
from .forms import RowFilterForm, UploadForm
from .models import UploadBatch
from .writers import csv_response, file_name, xlsx_response

EDITORS = (FINANCE, MANAGERS)
REPORT_PAGE = 50
Kind = UploadBatch.Kind
REGISTER_KINDS = {Kind.INSTITUTIONS.value, Kind.AGREEMENTS.value}


def _download(tables, fmt: str):
    if fmt == "csv":
        return csv_response(tables[0])
    if fmt == "xlsx":
        return xlsx_response(tables)
    raise Http404


# Downloads: the same roles as the list page each one comes from.


@role_required(*ALL_ROLES)
def institutions_download(request, fmt: str):
    return _download(exports.institutions(request), fmt)


@role_required(*ALL_ROLES)
def agreements_download(request, fmt: str):
    return _download(exports.agreements(request), fmt)


@role_required(*EDITORS)
def contributions_download(request, years: str, fmt: str):
    biennium = get_biennium_or_404(years)
    return _download(exports.contributions(request, biennium=biennium), fmt)


@role_required(*ALL_ROLES)
def activities_download(request, years: str, fmt: str):
    biennium = get_biennium_or_404(years)
    return _download(exports.activities(request, biennium=biennium), fmt)


@role_required(*EDITORS)
def forecast_download(request, years: str, fmt: str):
    biennium = get_biennium_or_404(years)
    return _download(exports.forecast(request, biennium=biennium), fmt)


@role_required(*EDITORS)
def figures_history_download(request, years: str, fmt: str):
    biennium = get_biennium_or_404(years)
    return _download(exports.figures_history(request, biennium=biennium), fmt)


# Uploads: finance and managers.

TEMPLATES = {
    Kind.CONTRIBUTIONS: template_book.contributions_template,
    Kind.INSTITUTIONS: template_book.institutions_template,
    Kind.AGREEMENTS: template_book.agreements_template,
}


def _template_response(kind: str):
    title = str(Kind(kind).label)
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
    wrong = _("Choose a value from the list, or a valid date or amount.")
    TEMPLATES[kind](spool, title=title, wrong=wrong)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=file_name(title, "xlsx"))


def _batch_url(batch: UploadBatch) -> str:
    if batch.kind == Kind.CONTRIBUTIONS:
        return reverse("tables:contribution_batch", args=[batch.biennium.slug, batch.pk])
    return reverse("tables:register_batch", args=[batch.pk])


def _upload_page(request, *, kind: str, biennium=None, template_url: str, back_url: str):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():

        def receive():
            batch = services.upload_receive(
                by=request.user,
                kind=kind,
                upload=form.cleaned_data["file"],
                biennium=biennium,
                language=translation.get_language() or "en",
            )
            services.enqueue_check(batch)
            return batch

        received = create_once(request, create=receive, url_of=_batch_url)
        messages.info(request, _("The file is received; it is checked before anything is saved."))
        return redirect(received.url)
    batches = UploadBatch.objects.filter(kind=kind, biennium=biennium).select_related("uploaded_by")
    context = {
        "form": form,
        "kind": Kind(kind),
        "biennium": biennium,
        "template_url": template_url,
        "back_url": back_url,
        "page": Paginator(batches, 10).get_page(request.GET.get("page")),
        "batch_url": _batch_url,
    }
    return render(request, "tables/upload.html", context)


@role_required(*EDITORS)
@once_only
def contribution_upload(request, years: str):
    biennium = get_biennium_or_404(years)
    return _upload_page(
        request,
        kind=Kind.CONTRIBUTIONS,
        biennium=biennium,
        template_url=reverse("tables:contribution_template", args=[years]),
        back_url=reverse("budget:contributions", args=[years]),
    )


@role_required(*EDITORS)
def contribution_template(request, years: str):
    get_biennium_or_404(years)
    return _template_response(Kind.CONTRIBUTIONS)


def _register_kind(kind: str) -> str:
    if kind not in REGISTER_KINDS:
        raise Http404
    return kind


@role_required(*EDITORS)
@once_only
def register_upload(request, kind: str):
    kind = _register_kind(kind)
    return _upload_page(
        request,
        kind=kind,
        template_url=reverse("tables:register_template", args=[kind]),
        back_url=reverse("members:institutions"),
    )


@role_required(*EDITORS)
def register_template(request, kind: str):
    return _template_response(_register_kind(kind))


def _batch_page(request, batch: UploadBatch, *, back_url: str):
    rows = RowFilterForm(request.GET or None)
    wanted = rows.status_wanted()
    report = [r for r in batch.report if not wanted or r["status"] == wanted]
    refused = [r for r in batch.report if r["status"] == "refused"][:200]
    page = Paginator(report, REPORT_PAGE).get_page(request.GET.get("page"))
    labels = dict(RowStatus.choices)
    page.object_list = [{**r, "status": labels.get(r["status"], r["status"])} for r in page]
    context = {
        "batch": batch,
        "biennium": batch.biennium,
        "rows_form": rows,
        "page": page,
        "refused": refused,
        "back_url": back_url,
        "confirm_url": request.path + "confirm/",
        "to_save": batch.rows_new + batch.rows_changed,
    }
    return render(request, "tables/batch.html", context)


@role_required(*EDITORS)
def contribution_batch(request, years: str, pk: int):
    biennium = get_biennium_or_404(years)
    batch = get_object_or_404(UploadBatch, pk=pk, biennium=biennium, kind=Kind.CONTRIBUTIONS)
    return _batch_page(request, batch, back_url=reverse("budget:contributions", args=[years]))


@role_required(*EDITORS)
def register_batch(request, pk: int):
    batch = get_object_or_404(UploadBatch, pk=pk, kind__in=REGISTER_KINDS)
    return _batch_page(request, batch, back_url=reverse("members:institutions"))


def _confirm(request, batch: UploadBatch):
    if services.upload_confirm(batch=batch, by=request.user):
        services.enqueue_save(batch)
        messages.success(request, _("Saving the upload: every row or none."))
    else:
        messages.error(request, _("This upload is not waiting for confirmation."))
    return redirect(_batch_url(batch))


@require_POST
@role_required(*EDITORS)
def contribution_confirm(request, years: str, pk: int):
    biennium = get_biennium_or_404(years)
    batch = get_object_or_404(UploadBatch, pk=pk, biennium=biennium, kind=Kind.CONTRIBUTIONS)
    return _confirm(request, batch)


@require_POST
@role_required(*EDITORS)
def register_confirm(request, pk: int):
    return _confirm(request, get_object_or_404(UploadBatch, pk=pk, kind__in=REGISTER_KINDS))
