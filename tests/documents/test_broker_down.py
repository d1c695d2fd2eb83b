"""An export asked for while the broker is down: a quick answer, one job, sent when it is back.

The broker here is a closed port on this machine, with tasks really leaving the process
(not eager), so the request meets the same refused connection as production would. These
tests are transactional: the export page commits the job before it talks to the broker.
"""

import logging
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cinterfor.celery import app as celery_app
from documents import services
from documents.models import ExportJob
from tests.factories import manager_user

pytestmark = pytest.mark.django_db(transaction=True)

Status = ExportJob.Status
CLOSED_PORT = "redis://127.0.0.1:1/0"
ANSWER_WITHIN_SECONDS = 2


def forget_broker_connections() -> None:
    """Drop the app's connection and producer pools, so the next send goes to broker_url.

    Celery's own reset after a fork; kombu keeps each URL's pool, open, for when it is back.
    """
    celery_app._after_fork()


@contextmanager
def broker_down():
    """Tasks leave the process for a broker that refuses every connection.

    Sending goes to broker_write_url, which falls back to broker_url, which Celery takes from
    the CELERY_BROKER_URL variable before the settings: so the write URL is what we set.
    """
    conf = celery_app.conf
    saved = (conf.get("broker_write_url"), conf.task_always_eager)
    conf.broker_write_url, conf.task_always_eager = CLOSED_PORT, False
    forget_broker_connections()
    try:
        yield
    finally:
        conf.broker_write_url, conf.task_always_eager = saved
        forget_broker_connections()


@pytest.fixture
def manager(db):
    return manager_user(email="manager@example.org")


@pytest.fixture
def ask_for_export(client, manager, proposal_2020_21, media):
    """Post the export form as a manager; returns the response and how long it took."""
    client.force_login(manager)
    url = reverse("documents:exports", kwargs={"years": proposal_2020_21.slug})

    def ask(fmt: str = "pdf"):
        start = time.monotonic()
        response = client.post(url, {"format": fmt, "language": "en"})
        return response, time.monotonic() - start

    return ask


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_export_asked_for_while_the_broker_is_down_answers_at_once_and_stays_queued(
    ask_for_export, caplog
):
    with broker_down(), caplog.at_level(logging.ERROR, logger="documents.services"):
        response, seconds = ask_for_export()

    job = ExportJob.objects.get()
    assert seconds < ANSWER_WITHIN_SECONDS
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:job", kwargs={"pk": job.pk})
    assert said(response) == [
        "The export is queued, but the task queue cannot be reached right now. It will start "
        "by itself when the queue is back; there is no need to ask again."
    ]
    assert (job.status, job.sent_at, job.is_waiting_for_queue) == (Status.QUEUED, None, True)
    assert f"export {job.pk}: the task queue cannot be reached" in caplog.text


def test_asking_again_while_the_broker_is_down_gives_the_same_job(ask_for_export):
    with broker_down():
        first, _seconds = ask_for_export()
        again, seconds = ask_for_export()

    job = ExportJob.objects.get()
    assert seconds < ANSWER_WITHIN_SECONDS
    assert first["Location"] == again["Location"] == reverse("documents:job", kwargs={"pk": job.pk})
    assert said(again)[-1:] == [
        "An export of this document in this format and language is already under way; "
        "this page follows it."
    ]


def test_another_format_is_another_job(ask_for_export):
    with broker_down():
        ask_for_export("pdf")
        ask_for_export("docx")
    assert sorted(ExportJob.objects.values_list("format", flat=True)) == ["docx", "pdf"]


def test_the_sweep_sends_a_job_that_never_reached_the_broker_once_it_is_back(
    proposal_2020_21, manager, media
):
    with broker_down():
        job, created = services.export_request(biennium=proposal_2020_21, fmt="xlsx", by=manager)
    assert created and ExportJob.objects.get().is_waiting_for_queue

    # The broker is back (tasks run in this process): too soon, the sweep leaves the job be.
    assert services.sweep_stale_jobs().resent == []
    later = timezone.now() + services.RESEND_UNSENT_AFTER + timedelta(seconds=1)
    assert services.sweep_stale_jobs(now=later).resent == [job.pk]

    job.refresh_from_db()
    assert job.status == Status.DONE
    assert job.sent_at is not None and job.attempts == 1


def test_the_sweep_leaves_a_sent_job_to_its_worker_until_it_looks_lost(
    proposal_2020_21, manager, media, monkeypatch
):
    monkeypatch.setattr(services, "enqueue", lambda job_id: None)  # sent; no worker yet
    job, _created = services.export_request(biennium=proposal_2020_21, fmt="pdf", by=manager)
    later = timezone.now() + services.RESEND_UNSENT_AFTER + timedelta(seconds=1)
    assert services.sweep_stale_jobs(now=later).resent == []
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.sent_at is not None


def test_the_database_refuses_a_second_active_export_of_one_document(proposal_2020_21, manager):
    fields = {"requested_by": manager, "biennium": proposal_2020_21, "format": "pdf"}
    ExportJob.objects.create(**fields, status=Status.RUNNING)
    ExportJob.objects.create(**fields, status=Status.DONE, file="exports/1.pdf")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportJob.objects.create(**fields, status=Status.QUEUED)
    ExportJob.objects.create(**fields, language="es")


def test_two_managers_asking_at_once_share_one_job(proposal_2020_21, manager, monkeypatch):
    # The second request looked before the first committed, so it meets the unique index.
    monkeypatch.setattr(services, "enqueue", lambda job_id: None)  # sent; no worker yet
    first, _created = services.export_request(biennium=proposal_2020_21, fmt="pdf", by=manager)
    found = services.active_export
    looks = iter([None])
    monkeypatch.setattr(services, "active_export", lambda **kw: next(looks, None) or found(**kw))
    second, created = services.export_request(
        biennium=proposal_2020_21, fmt="pdf", by=manager_user()
    )
    assert (second.pk, created) == (first.pk, False)
    assert ExportJob.objects.count() == 1


def test_an_unexpected_error_while_sending_is_logged_by_name_and_the_job_kept(
    proposal_2020_21, manager, monkeypatch, caplog
):
    def enqueue(job_id):
        raise RuntimeError("the queue library fell over")

    monkeypatch.setattr(services, "enqueue", enqueue)
    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
        job, _created = services.export_request(biennium=proposal_2020_21, fmt="pdf", by=manager)
    # Django names the failed callback; a functools.partial had no name and broke the request.
    assert "Error calling" in caplog.text and "in on_commit()" in caplog.text
    job.refresh_from_db()
    assert job.is_waiting_for_queue
