"""A real Celery worker on Redis runs exports end to end against the test database.

The worker is a process of its own: it reads the test database through DATABASE_URL and
writes files to the MEDIA_ROOT this test reads, as web and worker machines share storage.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from documents import services
from documents.models import ExportJob, export_storage
from documents.tasks import export_document, sweep_stale_exports
from tests.factories import manager_user
from tests.services import database_is_shared, redis_url, require
from tests.test_celery_worker import URL_SCHEMES, database_url, stop, wait_until_ready

from .readers import pdf_text

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

Status = ExportJob.Status
TIMEOUT = 60


def wait_for(job: ExportJob, *statuses: str) -> ExportJob:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    pytest.fail(f"export {job.pk} is still {job.status} after {TIMEOUT} s")


@contextmanager
def running_worker(tmp_path, settings, **environment: str):
    """A worker on a queue of its own sharing the test's database; yields the queue's name.

    `environment` adds to or overrides the worker's environment (MEDIA_ROOT, the store).
    """
    broker = redis_url()
    require("Redis", broker is not None, "CELERY_BROKER_URL is not a Redis server that answers")
    require(
        "shared database",
        database_is_shared() and settings.DATABASES["default"]["ENGINE"] in URL_SCHEMES,
        "DATABASE_URL is SQLite, which a worker process cannot share with the test",
    )
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    queue = f"test-{uuid.uuid4().hex}"
    node = f"{queue}@{socket.gethostname()}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "CELERY_BROKER_URL": broker,
        **environment,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "cinterfor", "worker",
        "--pool=solo", "--concurrency=1", "-Q", queue, "-n", node,
        "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_ready(process, node, log)
        yield queue
    finally:
        stop(process)


@pytest.fixture
def worker(tmp_path, settings):
    """A worker sharing the test's database and MEDIA_ROOT, as machines share a volume."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    with running_worker(tmp_path, settings, MEDIA_ROOT=str(settings.MEDIA_ROOT)) as queue:
        yield queue


def test_a_worker_exports_the_2020_21_proposal_end_to_end(worker, proposal_2020_21, monkeypatch):
    # The task goes to this test's worker only, and only once the row is committed.
    monkeypatch.setattr(
        services, "enqueue", lambda pk: export_document.apply_async(args=[pk], queue=worker)
    )
    requester = manager_user(email="manager@example.org")

    # Storage that cannot be written: the job fails, with the reason.
    (settings.MEDIA_ROOT / "exports").write_text("not a directory")
    failed, _created = services.export_request(biennium=proposal_2020_21, fmt="pdf", by=requester)
    failed = wait_for(failed, Status.FAILED, Status.DONE)
    assert failed.status == Status.FAILED
    assert failed.error.startswith("The export failed:") and "exports" in failed.error
    assert not failed.file

    # Storage fixed: the next export runs to done; its file is read here, from shared storage.
    (settings.MEDIA_ROOT / "exports").unlink()
    job, _created = services.export_request(biennium=proposal_2020_21, fmt="pdf", by=requester)
    job = wait_for(job, Status.DONE, Status.FAILED)
    assert job.status == Status.DONE, job.error
    assert (job.progress, job.attempts) == (100, 1)
    with export_storage().open(job.file.name, "rb") as stream:
        text = pdf_text(stream.read(), min_size=10)
    assert "24. The ILO contribution for the 2020–21 biennium will amount to US$2,462,895" in text
    # The worker e-mails the requester just after publishing: give it that moment.
    deadline = time.monotonic() + TIMEOUT
    while job.notified_at is None and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.notified_at is not None

    # The sweep, run by the worker, fails a job whose worker stopped beating.
    stale = ExportJob.objects.create(
        requested_by=requester,
        biennium=proposal_2020_21,
        format="docx",
        status=Status.RUNNING,
        attempts=services.MAX_ATTEMPTS,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    result = sweep_stale_exports.apply_async(queue=worker).get(timeout=TIMEOUT)
    assert result["failed"] == [stale.pk]
    stale.refresh_from_db()
    assert stale.status == Status.FAILED and "stopped answering" in stale.error
