"""An upload's life: received, checked row by row, confirmed, saved all or nothing.

The batch row is the truth: a worker claims it by moving its status in one UPDATE, reports its
progress and heartbeat on it, and leaves the outcome there. Every row is saved through the
services of its app (budget.bulk_contributions, members.services), in one transaction for the
file.
"""

import logging
import os

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from budget.bulk_contributions import RowsRefused
from cinterfor.concurrency import ConcurrentEdit
from cinterfor.roles import FINANCE, MANAGERS, require_role

from .checks import RowNotSaved, RowStatus, cell_of, check_for, check_rows
from .models import UploadBatch, UploadedRow
from .reading import FileError, read_table

logger = logging.getLogger(__name__)
EDITORS = (FINANCE, MANAGERS)
Status = UploadBatch.Status


def upload_receive(*, by, kind: str, upload, biennium=None, language: str) -> UploadBatch:
    """Keep an uploaded file as a batch waiting to be checked (queue it with `enqueue_check`)."""
    require_role(by, *EDITORS)
    name = os.path.basename(upload.name)[:200]
    batch = UploadBatch(
        kind=kind,
        biennium=biennium,
        file_name=name,
        uploaded_by=by,
        language=language,
        heartbeat_at=timezone.now(),
    )
    batch.file.save(name, upload, save=False)
    batch.full_clean()
    batch.save()
    return batch


def _beat(batch_id: int, percent: int) -> None:
    UploadBatch.objects.filter(pk=batch_id).update(
        progress=max(0, min(percent, 100)), heartbeat_at=timezone.now()
    )


def _check(batch: UploadBatch, check, *, first: int, last: int):
    """Read and check the batch's file; progress goes from `first` to `last` percent."""

    def progress(done: int, total: int) -> None:
        _beat(batch.pk, first + (last - first) * done // max(total, 1))

    with batch.file.open("rb") as stored:
        content = stored.read()
    sheet = read_table(content, file_name=batch.file_name)
    return check_rows(check, sheet, progress=progress)


def _counts(results) -> dict:
    statuses = [r.status for r in results]
    return {
        "rows_total": len(results),
        "rows_new": statuses.count(RowStatus.NEW),
        "rows_unchanged": statuses.count(RowStatus.UNCHANGED),
        "rows_changed": statuses.count(RowStatus.CHANGED),
        "rows_refused": statuses.count(RowStatus.REFUSED),
    }


def _finish(batch_id: int, *, status: str, **values) -> UploadBatch:
    UploadBatch.objects.filter(pk=batch_id).update(
        status=status, progress=100, heartbeat_at=timezone.now(), **values
    )
    return UploadBatch.objects.get(pk=batch_id)


def _refuse_file(batch_id: int, reason: str) -> UploadBatch:
    report = [{"row": 1, "status": RowStatus.REFUSED, "cell": "", "reason": reason, "summary": ""}]
    return _finish(batch_id, status=Status.REFUSED, report=report, rows_refused=1)


def upload_check(batch_id: int) -> UploadBatch | None:
    """Check a queued batch row by row and keep the report; nothing is saved. Idempotent."""
    claimed = UploadBatch.objects.filter(pk=batch_id, status=Status.QUEUED).update(
        status=Status.CHECKING, progress=0, heartbeat_at=timezone.now()
    )
    if not claimed:
        return None
    batch = UploadBatch.objects.select_related("biennium").get(pk=batch_id)
    with translation.override(batch.language):
        try:
            results = _check(batch, check_for(batch), first=0, last=95)
        except FileError as error:
            return _refuse_file(batch_id, str(error))
        counts = _counts(results)
        return _finish(
            batch_id,
            status=Status.REFUSED if counts["rows_refused"] else Status.CHECKED,
            report=[r.report() for r in results],
            **counts,
        )


def upload_confirm(*, batch: UploadBatch, by) -> bool:
    """Finance confirms a checked batch; the save is queued (`enqueue_save`). False if it was
    not waiting for confirmation (refused, or confirmed already)."""
    require_role(by, *EDITORS)
    claimed = UploadBatch.objects.filter(pk=batch.pk, status=Status.CHECKED).update(
        status=Status.SAVING, saved_by=by, progress=0, heartbeat_at=timezone.now()
    )
    return bool(claimed)


def _refused_at_save(batch_id: int, results, to_save, refusals, *, check, counts) -> UploadBatch:
    """The save's refusals in the report, each row by its cell and reason; nothing saved."""
    refused = {}
    for index, field_name, reason in refusals:
        row = to_save[index].row
        cell = cell_of(check, field_name, row)
        refused.setdefault(row, {"cell": cell, "reasons": []})["reasons"].append(reason)
    report = []
    for result in results:
        entry = result.report()
        if result.row in refused:
            entry.update(
                status=RowStatus.REFUSED,
                cell=refused[result.row]["cell"],
                reason=" ".join(refused[result.row]["reasons"]),
            )
        report.append(entry)
    counts = {**counts, "rows_refused": len(refused)}
    return _finish(batch_id, status=Status.REFUSED, report=report, **counts)


def upload_save(batch_id: int) -> UploadBatch | None:
    """Save a confirmed batch all or nothing: checked again first, then the new and changed rows
    through their app's services in one transaction, their keys recorded. Idempotent.

    Contributions are saved in bulk (budget.bulk_contributions), in a number of queries that
    does not grow with the rows; the register's rows one at a time.
    """
    batch = (
        UploadBatch.objects.select_related("biennium", "saved_by")
        .filter(pk=batch_id, status=Status.SAVING)
        .first()
    )
    if batch is None:
        return None
    by = batch.saved_by
    with translation.override(batch.language):
        check = check_for(batch)
        try:
            results = _check(batch, check, first=0, last=50)
        except FileError as error:
            return _refuse_file(batch_id, str(error))
        counts = _counts(results)
        report = [r.report() for r in results]
        if counts["rows_refused"]:  # the register changed since the preview
            return _finish(batch_id, status=Status.REFUSED, report=report, **counts)
        to_save = [r for r in results if r.status in (RowStatus.NEW, RowStatus.CHANGED)]
        reason = _("Uploaded from %(file)s") % {"file": batch.file_name}
        _beat(batch_id, 60)
        try:
            with transaction.atomic():
                # A redelivered task waits here for the first, then finds the batch saved.
                claimed = UploadBatch.objects.select_for_update().filter(
                    pk=batch_id, status=Status.SAVING
                )
                if not claimed.exists():
                    return None
                ids = check.save(to_save, by=by, reason=reason[:100])
                UploadedRow.objects.bulk_create(
                    UploadedRow(batch=batch, kind=batch.kind, key=row.key, object_id=pk)
                    for row, pk in zip(to_save, ids, strict=True)
                )
                return _finish(
                    batch_id,
                    status=Status.SAVED,
                    report=report,
                    saved_at=timezone.now(),
                    **counts,
                )
        except RowsRefused as refused:
            refusals = [(r.index, r.field, r.reason) for r in refused.refusals]
            return _refused_at_save(
                batch_id, results, to_save, refusals, check=check, counts=counts
            )
        except RowNotSaved as failed:
            error = failed.error
            reason = "; ".join(getattr(error, "messages", None) or [str(error)])
            refusals = [(failed.index, "", reason)]
            return _refused_at_save(
                batch_id, results, to_save, refusals, check=check, counts=counts
            )
        except ConcurrentEdit:
            changed = _(
                "A row this file changes was changed by someone else since the check: nothing "
                "was saved; upload the file again."
            )
            return _finish(batch_id, status=Status.REFUSED, report=report, error=changed, **counts)
        except PermissionDenied as error:
            return _finish(
                batch_id, status=Status.REFUSED, report=report, error=str(error), **counts
            )


def upload_fail(batch_id: int, *, reason: str) -> None:
    """Record that a batch's job failed (the row says why); nothing was saved."""
    UploadBatch.objects.filter(pk=batch_id).exclude(status=Status.SAVED).update(
        status=Status.FAILED, error=reason or _("The job failed."), heartbeat_at=timezone.now()
    )


def _send(task, batch_id: int) -> None:
    try:
        task.apply_async(args=[batch_id])
    except Exception as error:  # noqa: BLE001 (a broker that is down, or the eager task's error)
        logger.exception("upload %s: the job could not run", batch_id)
        upload_fail(batch_id, reason=_("The job could not run: %(error)s") % {"error": error})


def enqueue_check(batch: UploadBatch) -> None:
    """Check the batch once the request's transaction commits (in-process without a broker)."""
    from .tasks import check_upload

    transaction.on_commit(lambda: _send(check_upload, batch.pk))


def enqueue_save(batch: UploadBatch) -> None:
    from .tasks import save_upload

    transaction.on_commit(lambda: _send(save_upload, batch.pk))
