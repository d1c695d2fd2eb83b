"""Export jobs: queued after commit, claimed once, published whole, failed with a reason, swept.

Celery runs tasks in-process here (no broker: CELERY_TASK_ALWAYS_EAGER), and on_commit
callbacks run when django_capture_on_commit_callbacks(execute=True) closes.
"""

from datetime import timedelta

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from documents import services
from documents.models import ExportJob, export_storage
from documents.tasks import MAX_RETRIES, backoff, export_document, sweep_stale_exports
from tests.factories import manager_user

pytestmark = pytest.mark.django_db

Status = ExportJob.Status


def stored_files() -> list[str]:
    try:
        return sorted(export_storage().listdir("exports")[1])
    except FileNotFoundError:
        return []


@pytest.fixture
def requester(db):
    return manager_user(email="manager@example.org")


@pytest.fixture
def request_export(proposal_2020_21, requester, media, django_capture_on_commit_callbacks):
    """A manager asks for an export; the transaction commits and the task runs."""

    def request(fmt="docx", *, execute=True) -> ExportJob:
        with django_capture_on_commit_callbacks(execute=execute):
            job, _created = services.export_request(
                biennium=proposal_2020_21, fmt=fmt, by=requester
            )
        job.refresh_from_db()
        return job

    return request


@pytest.fixture
def queued_job(request_export) -> ExportJob:
    return request_export(execute=False)


def fail_when_rendering(monkeypatch, error: BaseException) -> None:
    def render(*args, **kwargs):
        raise error

    monkeypatch.setattr(services, "build_document", render)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_an_export_runs_to_done_and_publishes_its_file(request_export, fmt, mailoutbox):
    job = request_export(fmt)
    assert job.status == Status.DONE
    assert (job.progress, job.attempts, job.error) == (100, 1, "")
    assert job.started_at <= job.finished_at
    assert job.file_name == f"GB.337-PFA-3_CINTERFOR_2020-21.{fmt}"
    assert export_storage().exists(job.file.name)
    assert stored_files() == [job.file.name.split("/")[-1]]
    with job.file.open("rb") as stream:
        assert stream.read(4) == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")
    assert [m.subject for m in mailoutbox] == [
        f"Your export of the 2020–21 proposal ({job.get_format_display()}) is ready"
    ]
    assert mailoutbox[0].to == ["manager@example.org"]
    assert f"/exports/{job.pk}/" in mailoutbox[0].body


def test_the_task_is_queued_only_after_the_row_is_committed(request_export, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "enqueue", sent.append)
    job = request_export(execute=False)  # the transaction has not committed yet
    assert (job.status, sent) == (Status.QUEUED, [])


def test_only_managers_may_export(proposal_2020_21, staff, finance):
    for user in (staff, finance):
        with pytest.raises(PermissionDenied):
            services.export_request(biennium=proposal_2020_21, fmt="pdf", by=user)
    assert not ExportJob.objects.exists()


def test_a_job_is_claimed_once_however_often_its_task_runs(queued_job):
    first = services.run_export(queued_job.pk)
    second = services.run_export(queued_job.pk)  # a redelivered message
    export_document.delay(queued_job.pk)  # and the task itself
    assert first.status == Status.DONE and second is None
    queued_job.refresh_from_db()
    assert queued_job.attempts == 1
    assert stored_files() == [queued_job.file.name.split("/")[-1]]


def test_a_renderer_that_fails_midway_leaves_no_file_and_the_reason(
    request_export, monkeypatch, mailoutbox
):
    fail_when_rendering(monkeypatch, RuntimeError("the renderer fell over"))
    job = request_export("pdf")
    assert job.status == Status.FAILED
    assert job.error == "The export failed: the renderer fell over"
    assert not job.file and stored_files() == []
    assert "failed" in mailoutbox[0].subject
    assert "the renderer fell over" in mailoutbox[0].body


def test_a_failure_after_the_file_is_written_publishes_nothing(request_export, monkeypatch):
    beat = services._beat

    def beat_then_die(job_id, attempt, percent):
        if percent == 95:  # the file is in storage, the row not yet done
            raise RuntimeError("killed between write and publish")
        beat(job_id, attempt, percent)

    monkeypatch.setattr(services, "_beat", beat_then_die)
    job = request_export("docx")
    assert job.status == Status.FAILED
    assert not job.file and stored_files() == []


def test_a_worker_the_sweep_gave_up_on_publishes_nothing(request_export, monkeypatch):
    produce = services.produce

    def produce_while_swept(**kwargs):
        export = produce(**kwargs)
        # Meanwhile the sweep decided this worker was dead and failed the job.
        ExportJob.objects.update(status=Status.FAILED, error="swept")
        return export

    monkeypatch.setattr(services, "produce", produce_while_swept)
    job = request_export("xlsx")
    assert (job.status, job.error) == (Status.FAILED, "swept")
    assert not job.file and stored_files() == []


def test_a_time_limit_ends_the_job_as_failed(request_export, monkeypatch):
    fail_when_rendering(monkeypatch, SoftTimeLimitExceeded())
    job = request_export("pdf")
    assert (job.status, job.error) == (Status.FAILED, "The export took too long and was stopped.")


def test_a_transient_error_requeues_the_job_for_a_retry(queued_job, monkeypatch):
    fail_when_rendering(monkeypatch, OperationalError("database restarting"))
    with pytest.raises(OperationalError):
        services.run_export(queued_job.pk)
    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.attempts) == (Status.QUEUED, 1)
    monkeypatch.undo()
    assert services.run_export(queued_job.pk).status == Status.DONE


def test_the_task_retries_a_transient_error_with_backoff(queued_job, monkeypatch):
    fail_when_rendering(monkeypatch, OperationalError("database gone"))
    with pytest.raises(Retry) as retry:
        export_document.apply(args=[queued_job.pk], retries=0)
    assert retry.value.when == backoff(0) == 5
    queued_job.refresh_from_db()
    assert queued_job.status == Status.QUEUED  # ready for the retry to claim


def test_a_transient_error_that_persists_fails_after_the_last_retry(queued_job, monkeypatch):
    fail_when_rendering(monkeypatch, OperationalError("database gone"))
    export_document.apply(args=[queued_job.pk], retries=MAX_RETRIES)
    queued_job.refresh_from_db()
    assert queued_job.status == Status.FAILED
    assert queued_job.error == "The export failed after 4 tries: database gone"


def test_the_export_task_is_late_acknowledged_and_time_limited():
    assert export_document.acks_late is True
    assert 0 < export_document.soft_time_limit < export_document.time_limit
    assert services.STALE_AFTER.total_seconds() > export_document.time_limit


def make_running(job: ExportJob, *, attempts: int, minutes_ago: int) -> None:
    beat = timezone.now() - timedelta(minutes=minutes_ago)
    ExportJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, attempts=attempts, progress=40, heartbeat_at=beat, started_at=beat
    )


def test_the_sweep_fails_a_stale_job_that_has_used_its_attempts(queued_job, mailoutbox):
    make_running(queued_job, attempts=services.MAX_ATTEMPTS, minutes_ago=30)
    result = sweep_stale_exports.delay().get()
    queued_job.refresh_from_db()
    assert result["failed"] == [queued_job.pk]
    assert queued_job.status == Status.FAILED
    assert "stopped answering" in queued_job.error
    assert "failed" in mailoutbox[0].subject


def test_the_sweep_requeues_a_stale_job_with_attempts_left(
    queued_job, django_capture_on_commit_callbacks
):
    make_running(queued_job, attempts=1, minutes_ago=30)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.sweep_stale_jobs()
    queued_job.refresh_from_db()
    assert result.requeued == [queued_job.pk]
    assert (queued_job.status, queued_job.attempts) == (Status.DONE, 2)


def test_the_sweep_leaves_a_job_with_a_fresh_heartbeat_alone(queued_job):
    make_running(queued_job, attempts=1, minutes_ago=1)
    result = services.sweep_stale_jobs()
    queued_job.refresh_from_db()
    assert queued_job.status == Status.RUNNING
    assert (result.requeued, result.failed) == ([], [])


def test_the_sweep_sends_again_a_job_whose_message_was_lost(
    queued_job, django_capture_on_commit_callbacks
):
    ExportJob.objects.filter(pk=queued_job.pk).update(
        heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = services.sweep_stale_jobs()
    queued_job.refresh_from_db()
    assert result.resent == [queued_job.pk]
    assert queued_job.status == Status.DONE


def test_the_sweep_deletes_old_files_that_no_job_published(request_export, monkeypatch):
    published = request_export("xlsx")
    orphan = export_storage().save("exports/999-1-dead.pdf", ContentFile(b"%PDF half"))
    fresh = export_storage().save("exports/998-1-writing.pdf", ContentFile(b"%PDF being"))
    old = timezone.now() - timedelta(hours=1)
    real = export_storage().get_modified_time
    monkeypatch.setattr(
        export_storage(),
        "get_modified_time",
        lambda name: old if name in (orphan, published.file.name) else real(name),
    )
    result = services.sweep_stale_jobs()
    assert result.deleted_files == [orphan]
    assert export_storage().exists(published.file.name)
    assert export_storage().exists(fresh)


def test_the_requester_is_told_once(request_export, mailoutbox):
    job = request_export("pdf")
    assert services.notify(job.pk) is False
    assert len(mailoutbox) == 1


def test_the_database_refuses_a_file_on_an_unfinished_job(queued_job):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportJob.objects.filter(pk=queued_job.pk).update(file="exports/x.pdf")


def test_the_database_refuses_progress_above_100(queued_job):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportJob.objects.filter(pk=queued_job.pk).update(progress=101)


def test_the_database_refuses_a_failure_without_its_reason(queued_job):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportJob.objects.filter(pk=queued_job.pk).update(status=Status.FAILED)
