"""Exports through an S3-compatible object store, the way several machines share them.

A local S3 server (moto's, in this process) stands in for the store. The worker and this
test (the web) are given different MEDIA_ROOT folders, so only the store can carry the file
from the one to the other.
"""

import boto3
import pytest
from django.urls import reverse

from documents import services
from documents.models import ExportJob
from documents.tasks import export_document
from tests.factories import manager_user

from .readers import pdf_text
from .test_real_worker import running_worker, wait_for

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

BUCKET = "cinterfor-exports"
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
REGION = "us-east-1"


@pytest.fixture
def object_store():
    """An S3-compatible server on a free local port, with an empty bucket; yields its URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        s3_client(endpoint).create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def worker_on_object_store(object_store, tmp_path, settings):
    """The web (this test) and a worker, each with a MEDIA_ROOT of its own, sharing the store.

    The worker gets the store through the environment, as settings.py reads it in production;
    this process gets the same STORAGES entry directly.
    """
    web_media, worker_media = tmp_path / "web-media", tmp_path / "worker-media"
    web_media.mkdir()
    worker_media.mkdir()
    settings.MEDIA_ROOT = web_media
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": object_store,
                "region_name": REGION,
                "access_key": KEYS["AWS_ACCESS_KEY_ID"],
                "secret_key": KEYS["AWS_SECRET_ACCESS_KEY"],
                "addressing_style": "path",
                "file_overwrite": False,
            },
        },
    }
    environment = {
        "MEDIA_ROOT": str(worker_media),
        "STORAGE_S3_BUCKET": BUCKET,
        "STORAGE_S3_ENDPOINT_URL": object_store,
        "STORAGE_S3_REGION": REGION,
        **KEYS,
    }
    with running_worker(tmp_path, settings, **environment) as queue:
        yield queue, web_media, worker_media


def test_a_file_written_by_a_worker_downloads_from_the_web_through_the_store(
    worker_on_object_store, object_store, proposal_2020_21, client, monkeypatch
):
    queue, web_media, worker_media = worker_on_object_store
    monkeypatch.setattr(
        services, "enqueue", lambda pk: export_document.apply_async(args=[pk], queue=queue)
    )
    manager = manager_user()
    job, _created = services.export_request(biennium=proposal_2020_21, fmt="pdf", by=manager)
    job = wait_for(job, ExportJob.Status.DONE, ExportJob.Status.FAILED)
    assert job.status == ExportJob.Status.DONE, job.error

    # The file is in the bucket, and on neither machine's disk.
    stored = s3_client(object_store).get_object(Bucket=BUCKET, Key=job.file.name)["Body"].read()
    assert stored.startswith(b"%PDF")
    assert [p for p in (*web_media.rglob("*"), *worker_media.rglob("*")) if p.is_file()] == []

    client.force_login(manager)
    response = client.get(reverse("documents:job_download", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="GB.337-PFA-3_CINTERFOR_2020-21.pdf"'
    )
    downloaded = b"".join(response.streaming_content)
    assert downloaded == stored
    assert "24. The ILO contribution for the 2020–21 biennium" in pdf_text(downloaded, min_size=10)

    # The sweep lists and dates the store's files too: a published file is never deleted.
    assert services.sweep_stale_jobs().deleted_files == []
