"""Figures kept in the cache until the data they are computed from changes (cinterfor.data_version)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import IncomeLine
from budget.selectors import received_by_income_line
from budget.services import contribution_record
from cinterfor import data_version as version_module
from cinterfor.data_version import data_version
from programme.models import Activity
from programme.selectors import activity_counts
from programme.services import activity_update
from tests.services import require

pytestmark = pytest.mark.django_db
DASHBOARD = "/bienniums/2020-21/"


def versions_read(captured) -> int:
    """Reads of the data's version: its query, or on PostgreSQL its prepared statement."""
    return len(
        [
            q
            for q in captured
            if "ORDER BY history_id DESC LIMIT 1" in q["sql"]
            or q["sql"] == "EXECUTE cinterfor_data_version"
        ]
    )


def test_postgresql_prepares_the_version_once_per_connection(proposal_2020_21, finance):
    require("PostgreSQL", connection.vendor == "postgresql", "prepared only on PostgreSQL")
    # As a new database session: the statement dropped, and the connection not marked.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    version_module._prepared_on.discard(connection.connection)
    with CaptureQueriesContext(connection) as reads:
        before = data_version()
        assert data_version() == before
        record_a_donation(proposal_2020_21, finance)
        after = data_version()
    assert after != before  # the prepared statement reads the rows as they are now
    assert [q["sql"].split(" AS ")[0] for q in reads if "data_version" in q["sql"]] == [
        "PREPARE cinterfor_data_version",
        "EXECUTE cinterfor_data_version",
        "EXECUTE cinterfor_data_version",
    ]
    assert versions_read(reads) == 3


def test_a_write_through_a_service_changes_the_version_and_a_read_does_not(
    proposal_2020_21, finance
):
    before = data_version()
    received_by_income_line(biennium=proposal_2020_21)
    assert data_version() == before
    record_a_donation(proposal_2020_21, finance)
    assert data_version() != before


def record_a_donation(biennium, finance) -> None:
    contribution_record(
        biennium=biennium,
        by=finance,
        payer="other",
        payer_name="A donor",
        stage="received",
        date=datetime.date(2020, 3, 1),
        amount=Decimal("10.00"),
        currency="USD",
        amount_usd=Decimal("10.00"),
        income_line=IncomeLine.OTHER_CONTRIBUTIONS,
    )


def test_a_kept_figure_is_read_again_once_an_activity_changes(
    proposal_2020_21, staff, figures_kept
):
    activity = Activity.objects.filter(line_of_action__biennium=proposal_2020_21).first()
    line, status = activity.line_of_action_id, activity.status
    counted = activity_counts(biennium=proposal_2020_21)
    with CaptureQueriesContext(connection) as captured:
        assert activity_counts(biennium=proposal_2020_21) == counted
    assert len(captured) == 1  # the version only
    other = next(s for s in Activity.Status.values if s != status)
    activity_update(activity=activity, by=staff, seen_version=activity.version, status=other)
    recounted = activity_counts(biennium=proposal_2020_21)
    assert recounted[line][status] == counted[line][status] - 1
    assert recounted[line].get(other, 0) == counted[line].get(other, 0) + 1


def test_a_page_reads_the_version_once_for_all_its_figures(
    client, manager, proposal_2020_21, figures_kept
):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as first:
        assert client.get(DASHBOARD).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(DASHBOARD).status_code == 200
    assert versions_read(first) == versions_read(second) == 1
    # Kept: the owed calculation, the activities and the network counted, what was received.
    assert len(second) <= len(first) - 4
