"""The settings production runs with (DEBUG off), read in a child process as gunicorn would."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.template import engines
from django.utils.module_loading import import_string
loader = engines["django"].engine.template_loaders[0]
storage = import_string(settings.STORAGES["staticfiles"]["BACKEND"])
print(json.dumps({
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "loader": f"{type(loader).__module__}.{type(loader).__name__}",
    "static_storage": [f"{c.__module__}.{c.__name__}" for c in storage.__mro__],
}))
"""


def production_settings() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("CONN_MAX_AGE", "STATIC_ROOT")}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="example.org",
               DJANGO_SETTINGS_MODULE="cinterfor.settings")  # fmt: skip
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout.strip().splitlines()[-1])


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    found = production_settings()
    assert found["conn_max_age"] == 60
    assert found["health_checks"] is True


def test_production_compiles_each_template_once_with_the_cached_loader():
    assert production_settings()["loader"] == "django.template.loaders.cached.Loader"


def test_production_serves_compressed_fingerprinted_static_files():
    mro = production_settings()["static_storage"]
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in mro


def test_gunicorn_reads_workers_threads_and_timeout_from_the_environment(monkeypatch):
    import runpy

    monkeypatch.setenv("GUNICORN_WORKERS", "2")
    monkeypatch.setenv("GUNICORN_THREADS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"], config["timeout"]) == (2, 3, 45)
    assert config["worker_class"] == "gthread"
