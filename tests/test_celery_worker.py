"""A real Celery worker, in its own process, runs a task on the data this test committed."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command

from cinterfor.celery import app as celery_app
from tests.services import database_is_shared, redis_url, require

pytestmark = [
    pytest.mark.needs_services,
    pytest.mark.real_broker,
    pytest.mark.django_db(transaction=True),
]

URL_SCHEMES = {"django.db.backends.postgresql": "postgres", "django.db.backends.mysql": "mysql"}
STARTUP_TIMEOUT = 60
TASK_TIMEOUT = 60


def database_url(database: dict) -> str:
    """A DATABASE_URL for `database` (a DATABASES entry); during a test NAME is the test DB."""
    scheme = URL_SCHEMES[database["ENGINE"]]
    credentials = quote(database.get("USER") or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"{scheme}://{credentials}@{host}{port}/{database['NAME']}"


def wait_until_ready(worker: subprocess.Popen, node: str, log: Path) -> None:
    """Return once `node` answers a ping; fail early if the worker process dies."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log.read_text()}")
        if celery_app.control.ping(destination=[node], timeout=1):
            return
    pytest.fail(f"the worker did not answer within {STARTUP_TIMEOUT} s:\n{log.read_text()}")


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def test_a_worker_process_reconciles_the_2020_21_proposal_from_the_shared_database(tmp_path):
    broker = redis_url()
    require("Redis", broker is not None, "CELERY_BROKER_URL is not a Redis server that answers")
    require(
        "shared database",
        database_is_shared(),
        "DATABASE_URL is SQLite, which a worker process cannot share with the test",
    )
    require(
        "shared database",
        settings.DATABASES["default"]["ENGINE"] in URL_SCHEMES,
        f"no DATABASE_URL scheme known for {settings.DATABASES['default']['ENGINE']}",
    )
    # With a broker configured, tasks really leave this process.
    assert settings.CELERY_TASK_ALWAYS_EAGER is False

    from budget.tasks import reconcile_biennium
    from programme.models import Biennium
    from tests.factories import manager_user  # an import is recorded as someone's work

    importer = manager_user().username
    call_command("import_proposal", str(settings.SEED_PROPOSAL_FILE), "--by", importer, verbosity=0)
    biennium = Biennium.objects.get(start_year=2020)

    # A queue and node name of its own, so no other worker on this broker takes the task.
    queue = f"test-{uuid.uuid4().hex}"
    node = f"{queue}@{socket.gethostname()}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "CELERY_BROKER_URL": broker,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "cinterfor", "worker",
        "--pool=solo", "--concurrency=1", "-Q", queue, "-n", node,
        "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info",
    ]  # fmt: skip
    with log.open("w") as output:
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_ready(worker, node, log)

        findings = reconcile_biennium.apply_async(args=[biennium.pk], queue=queue).get(
            timeout=TASK_TIMEOUT
        )
    finally:
        stop(worker)

    assert isinstance(findings, list)
    assert all(isinstance(line, str) for line in findings)
    # The seed's paragraph 26 says 26 per cent where its figures give 17/67 = 25.4 per cent.
    assert any("26 per cent" in line and "25.4 per cent" in line for line in findings), findings
