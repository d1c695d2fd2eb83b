"""Exports: ask for one, run it, publish its file, sweep up after dead workers, tell the requester.

The ExportJob row is the truth. A task is queued only once the row is committed; a worker
claims the row (queued → running in one UPDATE, so a redelivered task finds nothing to claim),
beats its heartbeat at every step, writes the file whole under a name of its own and publishes
it by moving the row to done in one UPDATE. A file that no done row names is never served,
and the sweep deletes it.

A broker that is down never fails the request: the job stays queued without `sent_at`, and
the sweep sends it once the broker is back. Files go only through STORAGES["exports"]
(`export_storage()`), so web and worker machines share them whatever disk they have.
"""

import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError

from cinterfor.roles import MANAGERS, require_role
from programme.models import Biennium

from .builder import build_document
from .models import ACTIVE_STATUSES, DocumentSnapshot, ExportJob, export_storage
from .renderers import docx_redline, renderer
from .states import activities_of, state_to_json

logger = logging.getLogger(__name__)

Status = ExportJob.Status

# Errors worth a retry with backoff: the database or a connection (broker, storage) hiccuped.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# What sending a task raises when the broker cannot be reached: Celery wraps the transport's
# connection errors in kombu.exceptions.OperationalError (a KombuError); sockets raise OSError.
BROKER_ERRORS = (KombuError, OSError)
MAX_ATTEMPTS = 3
# Longer than the task's hard time limit (documents.tasks), so only a dead job looks stale.
STALE_AFTER = timedelta(seconds=getattr(settings, "EXPORT_STALE_AFTER_SECONDS", 300))
# A queued job whose task never reached the broker is sent again after this.
RESEND_UNSENT_AFTER = timedelta(seconds=getattr(settings, "EXPORT_RESEND_UNSENT_AFTER_SECONDS", 30))
EXPORT_DIRECTORY = "exports"


class JobLost(Exception):
    """The job was taken from this worker (the sweep gave up on it); stop without publishing."""


@dataclass(frozen=True)
class Export:
    data: bytes
    file_name: str
    media_type: str
    state: dict | None = None  # the document model and activities it was made from (JSON)


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def active_export(
    *, biennium: Biennium, fmt: str, language: str, compare_to: Biennium | None = None
) -> ExportJob | None:
    """The queued or running export of this document, if there is one (at most one)."""
    return ExportJob.objects.filter(
        biennium=biennium,
        format=fmt,
        language=language,
        compare_to=compare_to,
        status__in=ACTIVE_STATUSES,
    ).first()


def export_request(
    *,
    biennium: Biennium,
    fmt: str,
    by,
    language: str = "en",
    compare_to: Biennium | None = None,
) -> tuple[ExportJob, bool]:
    """Queue an export of `biennium` in `fmt`, or find the one already under way.

    With `compare_to`, the export is a Word redline: the document with tracked changes
    against that biennium's. Returns the job and whether it is new. The task is sent once the
    row is committed; a broker that cannot be reached leaves the job queued for the sweep.
    """
    require_role(by, MANAGERS)
    if fmt not in ExportJob.Format.values:
        raise ValidationError(_("Unknown format: %(format)s.") % {"format": fmt})
    if language not in _languages():
        raise ValidationError(_("Unknown language: %(language)s.") % {"language": language})
    _check_comparison(biennium=biennium, fmt=fmt, compare_to=compare_to)
    existing = active_export(biennium=biennium, fmt=fmt, language=language, compare_to=compare_to)
    if existing is not None:
        return existing, False
    job = ExportJob(
        requested_by=by,
        biennium=biennium,
        format=fmt,
        language=language,
        compare_to=compare_to,
        heartbeat_at=timezone.now(),
    )
    # The database checks the constraints: two managers asking at once meet its unique index.
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
            _enqueue_on_commit(job.pk)
    except IntegrityError:
        existing = active_export(
            biennium=biennium, fmt=fmt, language=language, compare_to=compare_to
        )
        if existing is None:
            raise
        return existing, False
    logger.info("export %s queued: %s %s by %s", job.pk, biennium, fmt, by)
    return job, True


def _check_comparison(*, biennium: Biennium, fmt: str, compare_to: Biennium | None) -> None:
    if compare_to is None:
        return
    if fmt != ExportJob.Format.DOCX:
        raise ValidationError(_("Tracked changes against another version are for Word only."))
    if compare_to.pk == biennium.pk:
        raise ValidationError(_("Choose another biennium to compare the proposal to."))


def _enqueue_on_commit(job_id: int) -> None:
    # A lambda, not functools.partial: Django names the callback (__qualname__) when it logs.
    transaction.on_commit(lambda: send(job_id), robust=True)


def send(job_id: int) -> bool:
    """Send the job's task to the broker; on failure log it and leave the job for the sweep.

    Every broker call is bounded (CELERY_BROKER_* settings), so this returns within seconds.
    """
    try:
        enqueue(job_id)
    except BROKER_ERRORS:
        logger.exception(
            "export %s: the task queue cannot be reached; the job stays queued and the sweep "
            "sends it when the queue is back",
            job_id,
        )
        return False
    ExportJob.objects.filter(pk=job_id).update(sent_at=timezone.now())
    return True


def enqueue(job_id: int) -> None:
    from .tasks import export_document

    export_document.apply_async(args=[job_id])


def produce(
    *,
    biennium: Biennium,
    fmt: str,
    language: str = "en",
    progress: Callable[[int], None] = lambda percent: None,
    compare_to: Biennium | None = None,
    author: str = "",
    at: datetime | None = None,
) -> Export:
    """Build the document model and render it in one format: what jobs and the command run.

    With `compare_to`, a Word redline against that biennium's document, its changes marked
    as made by `author` at `at`.
    """
    progress(10)
    document = build_document(biennium, language)
    state = state_to_json(document=document, activities=activities_of(biennium, language))
    progress(40)
    output = renderer(fmt)
    stem = document.file_stem
    if compare_to is None:
        data = output.render(document)
    else:
        _check_comparison(biennium=biennium, fmt=fmt, compare_to=compare_to)
        older = build_document(compare_to, language)
        progress(60)
        data = docx_redline.render(
            older,
            document,
            author=author or document.title_block.organisation,
            date=at or timezone.now(),
        )
        stem = f"{stem}_changes-since-{compare_to.slug}"
    progress(80)
    return Export(data, f"{stem}.{output.extension}", output.media_type, state)


def _beat(job_id: int, attempt: int, percent: int) -> None:
    """Record progress and a sign of life; raise JobLost if the job is no longer ours."""
    alive = ExportJob.objects.filter(pk=job_id, status=Status.RUNNING, attempts=attempt).update(
        progress=percent, heartbeat_at=timezone.now()
    )
    if not alive:
        raise JobLost(job_id)


def _storage_name(job: ExportJob, attempt: int) -> str:
    # A name of its own per attempt: two runs of one job never write the same file.
    return f"{EXPORT_DIRECTORY}/{job.pk}-{attempt}-{secrets.token_hex(6)}.{job.format}"


def _discard(name: str) -> None:
    if name:
        try:
            export_storage().delete(name)
        except OSError:
            logger.exception("could not delete the unpublished file %s", name)


def failure_reason(error: BaseException) -> str:
    """What the requester reads when an export fails."""
    if isinstance(error, SoftTimeLimitExceeded):
        return _("The export took too long and was stopped.")
    detail = str(error).strip() or error.__class__.__name__
    return _("The export failed: %(detail)s") % {"detail": detail[:1000]}


def run_export(job_id: int) -> ExportJob | None:
    """Run a queued job to done or failed; None when there was nothing to claim.

    Transient errors (database, connections) propagate after the job is put back in the
    queue, so the task can retry them; any other error ends the job as failed with its reason.
    """
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=5,
        attempts=F("attempts") + 1,
        error="",
    )
    if not claimed:
        logger.info("export %s: nothing to claim (already taken or finished)", job_id)
        return None
    job = ExportJob.objects.select_related("biennium").get(pk=job_id)
    attempt = job.attempts
    stored = ""
    try:
        export = produce(
            biennium=job.biennium,
            fmt=job.format,
            language=job.language,
            progress=partial(_beat, job_id, attempt),
            compare_to=job.compare_to,
            author=_requester_name(job),
            at=job.requested_at,
        )
        stored = export_storage().save(_storage_name(job, attempt), ContentFile(export.data))
        _beat(job_id, attempt, 95)
        finished = timezone.now()
        with transaction.atomic():
            published = ExportJob.objects.filter(
                pk=job_id, status=Status.RUNNING, attempts=attempt
            ).update(
                status=Status.DONE,
                file=stored,
                file_name=export.file_name,
                progress=100,
                heartbeat_at=finished,
                finished_at=finished,
            )
            if not published:
                raise JobLost(job_id)
            _keep_state(job, export, at=finished)
    except JobLost:
        _discard(stored)
        logger.warning("export %s attempt %s was given up by the sweep", job_id, attempt)
        return None
    except TRANSIENT_ERRORS:
        _discard(stored)
        requeue_export(job_id, attempt=attempt)
        raise
    except Exception as error:  # noqa: BLE001 - any other failure ends the job, with its reason
        _discard(stored)
        logger.exception("export %s failed", job_id)
        fail_export(job_id, reason=failure_reason(error), attempt=attempt)
    else:
        logger.info("export %s done: %s", job_id, stored)
        notify(job_id)
    job.refresh_from_db()
    return job


def _requester_name(job: ExportJob) -> str:
    user = job.requested_by
    return user.get_full_name() or user.get_username()


def _keep_state(job: ExportJob, export: Export, *, at) -> None:
    """Keep the state the export was made from, for Compare (one per job, whatever reruns)."""
    DocumentSnapshot.objects.update_or_create(
        export_job=job,
        defaults={
            "biennium": job.biennium,
            "occasion": DocumentSnapshot.Occasion.EXPORT,
            "language": job.language,
            "taken_at": at,
            "state": export.state,
        },
    )


def keep_submitted_state(*, transition) -> DocumentSnapshot:
    """Keep the proposal's state as it is submitted (in the submitting transaction)."""
    biennium = transition.biennium
    language = biennium.source_language
    document = build_document(biennium, language)
    return DocumentSnapshot.objects.create(
        biennium=biennium,
        occasion=DocumentSnapshot.Occasion.SUBMISSION,
        language=language,
        transition=transition,
        taken_at=transition.at,
        state=state_to_json(document=document, activities=activities_of(biennium, language)),
    )


def requeue_export(job_id: int, *, attempt: int | None = None) -> bool:
    """Put a running job back in the queue (for a retry); False if it was not running."""
    jobs = ExportJob.objects.filter(pk=job_id, status=Status.RUNNING)
    if attempt is not None:
        jobs = jobs.filter(attempts=attempt)
    return bool(jobs.update(status=Status.QUEUED, progress=0, heartbeat_at=timezone.now()))


def fail_export(job_id: int, *, reason: str, attempt: int | None = None) -> bool:
    """End an unfinished job as failed with `reason` and tell its requester."""
    jobs = ExportJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING])
    if attempt is not None:
        jobs = jobs.filter(attempts=attempt)
    now = timezone.now()
    failed = bool(
        jobs.update(status=Status.FAILED, error=reason or _("Unknown error."), finished_at=now)
    )
    if failed:
        notify(job_id)
    return failed


@dataclass(frozen=True)
class SweepResult:
    requeued: list[int]
    failed: list[int]
    resent: list[int]
    deleted_files: list[str]


def sweep_stale_jobs(*, now=None) -> SweepResult:
    """Deal with jobs nobody is working on, so none stays queued or running forever.

    A running job whose heartbeat stopped is queued again while it has attempts left, else
    failed; a queued job whose task never reached the broker (after RESEND_UNSENT_AFTER), or
    whose message seems lost (after STALE_AFTER), is sent again; files that no job published
    are deleted.
    """
    now = now or timezone.now()
    stale = now - STALE_AFTER
    forgotten = Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True)
    forgotten |= Q(sent_at__isnull=True, heartbeat_at__lt=now - RESEND_UNSENT_AFTER)
    requeued, failed, resent = [], [], []
    for job in ExportJob.objects.filter(status=Status.RUNNING, heartbeat_at__lt=stale).only(
        "pk", "attempts"
    ):
        still = ExportJob.objects.filter(
            pk=job.pk, status=Status.RUNNING, attempts=job.attempts, heartbeat_at__lt=stale
        )
        if job.attempts < MAX_ATTEMPTS:
            if still.update(status=Status.QUEUED, progress=0, heartbeat_at=now, sent_at=None):
                requeued.append(job.pk)
                _enqueue_on_commit(job.pk)
        elif still.update(
            status=Status.FAILED,
            finished_at=now,
            error=_(
                "The export stopped: the worker running it stopped answering "
                "(tried %(attempts)d times)."
            )
            % {"attempts": job.attempts},
        ):
            failed.append(job.pk)
            notify(job.pk)
    for job in ExportJob.objects.filter(forgotten, status=Status.QUEUED).only("pk"):
        if ExportJob.objects.filter(forgotten, pk=job.pk, status=Status.QUEUED).update(
            heartbeat_at=now
        ):
            resent.append(job.pk)
            _enqueue_on_commit(job.pk)
    deleted = _delete_unpublished_files(older_than=stale)
    if requeued or failed or resent or deleted:
        logger.warning(
            "export sweep: requeued %s, failed %s, resent %s, deleted %s",
            requeued,
            failed,
            resent,
            deleted,
        )
    return SweepResult(requeued, failed, resent, deleted)


def _delete_unpublished_files(*, older_than) -> list[str]:
    """Files in exports/ that no job names, left by a worker killed between write and publish."""
    try:
        _dirs, names = export_storage().listdir(EXPORT_DIRECTORY)
    except (FileNotFoundError, NotImplementedError):
        return []
    published = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    deleted = []
    for name in names:
        path = f"{EXPORT_DIRECTORY}/{name}"
        if path in published:
            continue
        try:
            if export_storage().get_modified_time(path) >= older_than:
                continue  # perhaps being published right now
        except (OSError, NotImplementedError):
            continue
        _discard(path)
        deleted.append(path)
    return deleted


def notify(job_id: int) -> bool:
    """Tell the requester once that the job ended: by e-mail (the app shows unseen jobs)."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(
        pk=job_id, notified_at__isnull=True, status__in=[Status.DONE, Status.FAILED]
    ).update(notified_at=now)
    if not claimed:
        return False
    job = ExportJob.objects.select_related("requested_by", "biennium").get(pk=job_id)
    address = job.requested_by.email
    if not address:
        return True
    with translation.override(job.language):
        values = {"label": job.biennium.label, "format": job.get_format_display()}
        link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse(
            "documents:job", kwargs={"pk": job.pk}
        )
        if job.status == Status.DONE:
            subject = _("Your export of the %(label)s proposal (%(format)s) is ready") % values
            body = _("Download it here: %(link)s") % {"link": link}
        else:
            subject = _("Your export of the %(label)s proposal (%(format)s) failed") % values
            body = _("%(reason)s\n\nDetails: %(link)s") % {"reason": job.error, "link": link}
    try:
        send_mail(subject, body, None, [address])
    except (smtplib.SMTPException, OSError):
        logger.exception("could not e-mail %s about export %s", address, job_id)
    return True


def mark_seen(*, job: ExportJob, by) -> None:
    """The requester has seen how the job ended; it leaves their notifications."""
    if job.requested_by_id == by.pk and job.is_finished and job.seen_at is None:
        ExportJob.objects.filter(pk=job.pk, seen_at__isnull=True).update(seen_at=timezone.now())
