"""What the tests that need real services (PostgreSQL, Redis, a Celery worker) can count on.

On a developer's machine such a test skips when a service is missing; in CI, which sets
REQUIRE_SERVICES=1 after starting them, a missing service fails the run instead, so a
broken service can never pass as a green build of skipped tests.
"""

import os

import pytest
from django.conf import settings


def services_required() -> bool:
    """True when the environment demands the real services (REQUIRE_SERVICES=1)."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


def require(service_name: str, available: bool, reason: str) -> None:
    """Skip the test when `service_name` is not available, or fail it under REQUIRE_SERVICES=1."""
    if available:
        return
    message = f"{service_name}: {reason}"
    if services_required():
        pytest.fail(f"{message} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


def redis_url() -> str | None:
    """The configured Redis broker URL when that server answers a PING within 1 s, else None."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        return None
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return url if client.ping() else None
    except redis.RedisError:
        return None
    finally:
        client.close()


def database_is_shared() -> bool:
    """True when the default database is a server (not SQLite), so a subprocess sees the test DB."""
    return settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
