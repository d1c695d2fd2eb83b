"""Two starts of the same biennium at once on PostgreSQL, in two real transactions: one biennium.

Each side runs in a thread with its own connection; the first holds its transaction open until
the test lets it commit, so the order of the race is certain rather than likely.
"""

import pytest
from django.db import connection

from programme import services
from programme.cycle import CannotStart, biennium_start
from programme.models import Biennium
from tests.factories import manager_user
from tests.races import WAIT, Side
from tests.services import require

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql():
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "row locks need PostgreSQL (DATABASE_URL is SQLite)",
    )


def race(first_source: Biennium, second_source: Biennium, manager):
    first = Side(
        lambda: biennium_start(source=first_source, start_year=2022, by=manager), hold=True
    )
    first.start()
    assert first.done_work.wait(WAIT)
    second = Side(lambda: biennium_start(source=second_source, start_year=2022, by=manager))
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second start did not wait for the first"
    first.release.set()
    first.join(WAIT)
    second.join(WAIT)
    return first, second


def test_a_second_start_waits_for_the_first_and_is_refused(proposal_2020_21):
    manager = manager_user()
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    first, second = race(proposal_2020_21, proposal_2020_21, manager)
    assert first.error is None
    assert isinstance(second.error, CannotStart)
    assert "already been started" in str(second.error)
    assert Biennium.objects.filter(start_year=2022).count() == 1


def test_a_start_past_the_source_lock_is_refused_by_the_unique_year(proposal_2020_21):
    # Started from two different sources, neither waits on the other's lock: the unique first
    # year makes the second wait at its insert, then refuses it.
    manager = manager_user()
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    older = Biennium.objects.get(start_year=2018)
    Biennium.objects.filter(pk=older.pk).update(status=Biennium.Status.APPROVED)
    first, second = race(proposal_2020_21, older, manager)
    assert first.error is None
    assert isinstance(second.error, CannotStart)
    assert "already been started" in str(second.error)
    assert Biennium.objects.get(start_year=2022).transitions.get().reason == "Started from 2020–21"
