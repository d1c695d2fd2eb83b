import pytest

from documents.services import produce

from .seed import Seed, load


@pytest.fixture(scope="session")
def seed() -> Seed:
    """GB.337/PFA/3 as parsed from the seed file."""
    return load()


@pytest.fixture
def export_2020_21(proposal_2020_21):
    """Export the shipped 2020–21 proposal in one format, as the jobs do; returns the bytes."""

    def export(fmt: str, **kwargs) -> bytes:
        return produce(biennium=proposal_2020_21, fmt=fmt, **kwargs).data

    return export


@pytest.fixture(autouse=True)
def tasks_run_in_process(request):
    """Tasks run in the test's process, even when a broker is configured (CI sets Redis).

    The tests with a real worker (the `worker` fixtures) keep the configured broker.
    """
    if {"worker", "worker_on_object_store"} & set(request.fixturenames):
        yield
        return
    from cinterfor.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
