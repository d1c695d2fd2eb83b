"""The importer saves changed rows a thousand a statement, whatever the column types."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.exchange.rows import UPDATE_BATCH, update_in_bulk
from programme.models import Activity


@pytest.mark.django_db
def test_changed_activities_are_saved_in_batches_with_their_json_dates_and_nulls(
    proposal_2020_21,
):
    activities = list(
        Activity.objects.filter(line_of_action__biennium=proposal_2020_21).order_by("pk")
    )
    for n, activity in enumerate(activities):
        activity.title = {"en": f"Revised 'title' {n}", "es": "Título revisado"}
        activity.starts_on = None if n % 2 else datetime.date(2020, 3, n % 28 + 1)
        activity.status = Activity.Status.ONGOING
        activity.version += 1
    fields = ["title", "starts_on", "status", "version"]
    with CaptureQueriesContext(connection) as queries:
        update_in_bulk(activities, fields=fields)
    if connection.vendor == "postgresql":
        assert len(queries) == -(-len(activities) // UPDATE_BATCH)
    saved = {a.pk: a for a in Activity.objects.filter(pk__in=[a.pk for a in activities])}
    for activity in activities:
        row = saved[activity.pk]
        assert (row.title, row.starts_on, row.status, row.version) == (
            activity.title,
            activity.starts_on,
            activity.status,
            activity.version,
        )
