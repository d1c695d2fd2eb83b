"""The production shape: docker-compose.yml, the image, and settings with DEBUG off."""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.services import require

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ("web", "worker")


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def environment_of(service: dict) -> dict[str, str]:
    """A service's environment as a dict, whichever of compose's two spellings it uses."""
    environment = service.get("environment", {})
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def production_environment(**overrides: str) -> dict[str, str]:
    """This process's environment with DEBUG off and no local relaxations of the defaults."""
    env = dict(os.environ)
    for name in (
        "SECRET_KEY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for their own process only
    ):
        env.pop(name, None)
    env.update(DJANGO_SETTINGS_MODULE="cinterfor.settings", DEBUG="0", **overrides)
    return env


def test_compose_file_names_the_services_production_needs(services):
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_reach_database_and_broker_through_the_variables_settings_reads(
    services, name
):
    settings_source = (ROOT / "cinterfor" / "settings.py").read_text()
    environment = environment_of(services[name])

    assert '"DATABASE_URL"' in settings_source
    assert '"CELERY_BROKER_URL"' in settings_source
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_run_in_production_mode_with_a_secret_key_from_outside(services, name):
    environment = environment_of(services[name])

    assert environment["DEBUG"] == "0"
    # `${SECRET_KEY:?...}`: compose refuses to start without one; no key is baked in.
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_web_and_worker_share_the_media_volume(services):
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    assert "media" in compose["volumes"]
    for name in APP_SERVICES:
        assert "media:/data/media" in services[name]["volumes"], name
        assert environment_of(services[name])["MEDIA_ROOT"] == "/data/media", name


def test_app_services_wait_for_a_healthy_database_and_broker(services):
    for name in APP_SERVICES:
        depends_on = services[name]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name


def test_every_service_but_beat_has_a_healthcheck(services):
    for name, service in services.items():
        if name == "beat":
            continue
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_compose_file_is_accepted_by_docker_compose():
    # Debian's docker-compose checks the file offline; .ci/run installs it, so CI fails without.
    require("docker-compose", shutil.which("docker-compose") is not None, "not installed")
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        env={**os.environ, "SECRET_KEY": secrets.token_urlsafe(50)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_image_runs_as_an_unprivileged_user_with_collected_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()

    users = re.findall(r"^USER\s+(\S+)", dockerfile, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert "collectstatic --noinput" in dockerfile


def test_deployment_checks_pass_with_debug_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(
            SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="example.org"
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_load_without_a_secret_key_when_debug_is_off():
    result = subprocess.run(
        [sys.executable, "-c", "import cinterfor.settings"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
