"""Fixtures shared by the whole suite: the shipped proposal, users by role, a real browser.

Real-browser tests use Playwright driving Debian's chromium against Django's live server; they
skip where chromium is not installed, unless REQUIRE_SERVICES=1 (CI), where that fails. A
failing browser test leaves a screenshot in test-artifacts/.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.services import require

DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hashing a password as production does takes a third of a second; tests make hundreds."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def interface_in_the_default_language():
    """Each test starts in the site's default language: a request in Spanish leaves Spanish
    active in the test's thread, which would otherwise leak into the next test's findings."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def figures_computed_each_time():
    """Nothing is kept in the cache, so every test sees its figures computed from its data
    (cinterfor.data_version); the tests of keeping them ask for `figures_kept`."""
    from django.test import override_settings

    with override_settings(CACHES={"default": {"BACKEND": DUMMY_CACHE}}):
        yield


@pytest.fixture
def figures_kept(settings):
    """A cache that keeps figures, as the site has, empty at the start of the test."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_in_process(request):
    """Tasks run in the test's process, even when a broker is configured (CI sets Redis): no
    test waits on a worker that is not there.

    Tests that start a real worker (the `worker` fixtures, or marked `real_broker`) keep the
    configured broker.
    """
    real = {"worker", "worker_on_object_store"} & set(request.fixturenames)
    if real or request.node.get_closest_marker("real_broker"):
        yield
        return
    from cinterfor.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(scope="session")
def shipped_proposal_rows(django_db_setup, django_db_blocker):
    """The rows `import_proposal` writes for the shipped file, imported once per session."""
    from django.contrib.auth import get_user_model

    from tests.seed_snapshot import snapshot_of

    def import_as_importer():
        # Every import names who made it; the history of the shipped rows names "importer", an
        # administrator as `make run`'s is. (Not a member of the managers' group: a transactional
        # test may make that group again under another id, and the copied membership would
        # then name a group that is gone.)
        get_user_model().objects.create_user("importer", "importer@example.org", is_superuser=True)
        call_command(
            "import_proposal", str(settings.SEED_PROPOSAL_FILE), "--by", "importer", verbosity=0
        )

    with django_db_blocker.unblock():
        return snapshot_of(import_as_importer)


@pytest.fixture
def proposal_2020_21(db, shipped_proposal_rows):
    """The shipped 2020–21 proposal, as `make run` loads it (copied from the session's import)."""
    from programme.models import Biennium

    shipped_proposal_rows.restore()
    return Biennium.objects.get(start_year=2020)


@pytest.fixture
def staff(db):
    from tests.factories import staff_user

    return staff_user()


@pytest.fixture
def finance(db):
    from tests.factories import finance_user

    return finance_user()


@pytest.fixture
def manager(db):
    from tests.factories import manager_user

    return manager_user()


@pytest.fixture
def second_manager(db):
    from tests.factories import manager_user

    return manager_user()


ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    require("chromium", executable is not None, "Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; Django's ORM in the test
    # body is still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        page = item.funcargs.get("page")
        if page is not None:
            ARTIFACTS.mkdir(exist_ok=True)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{item.name}.png"), full_page=True)
            except Exception as error:  # noqa: BLE001 - a screenshot must not hide the failure
                print(f"could not save a screenshot: {error}")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """Log in through the login form as a real user would."""

    def as_user(user, password="a-long-test-password"):
        page.goto("/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: not url.endswith("/login/"))
        return page

    return as_user


@pytest.fixture
def media(settings, tmp_path):
    """A MEDIA_ROOT of the test's own, so generated files land nowhere else."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
