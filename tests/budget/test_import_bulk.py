"""Importing writes rows in bulk: the number of statements does not grow with the activities."""

import copy
import json
import math

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from budget.exchange.exporter import dumps, export_proposal
from budget.exchange.importer import import_proposal
from budget.exchange.reading import parse_proposal
from programme.models import Activity, Biennium
from tests.factories import manager_user

SHIPPED = json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))
# An activity with its history and its countries' rows is at most this many SQL parameters.
PARAMETERS_PER_ACTIVITY = 60
# Statements an import makes whatever its size: reading, locking, one or two per kind of row.
STATEMENTS = 60


def with_activities(total: int) -> dict:
    """The shipped file with its activities repeated, line by line, up to `total`."""
    data = copy.deepcopy(SHIPPED)
    lines = data["lines_of_action"]
    originals = [list(line["activities"]) for line in lines]
    for line in lines:
        line["activities"] = []
    for n in range(total):
        line = n % len(lines)
        activity = copy.deepcopy(originals[line][n // len(lines) % len(originals[line])])
        activity["title"] = {"en": f"Activity {n}"}
        lines[line]["activities"].append(activity)
    return data


def allowance(activities: int) -> int:
    """Statements the database's cap on parameters adds: none on PostgreSQL, a batch on SQLite."""
    limit = connection.features.max_query_params
    return 0 if limit is None else math.ceil(activities * PARAMETERS_PER_ACTIVITY / limit)


def _import(data: dict, *, by, replace: bool = False) -> int:
    proposal = parse_proposal(json.dumps(data, ensure_ascii=False))
    with CaptureQueriesContext(connection) as queries:
        import_proposal(proposal, by=by, replace=replace)
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("activities", [200, 2_000])
def test_a_new_proposal_is_written_in_a_bounded_number_of_statements(activities):
    by = manager_user()
    data = with_activities(activities)
    statements = _import(data, by=by)
    assert statements <= STATEMENTS + allowance(activities)
    assert Activity.objects.count() == activities
    assert dumps(export_proposal(Biennium.objects.get(start_year=2020))) == dumps(data)


@pytest.mark.django_db
@pytest.mark.parametrize("activities", [200, 2_000])
def test_replacing_every_activity_is_bounded_too(activities):
    by = manager_user()
    _import(with_activities(activities), by=by)
    changed = with_activities(activities)
    for line in changed["lines_of_action"]:
        for activity in line["activities"]:
            activity["title"]["en"] += " (revised)"
            activity["countries"] = sorted({*activity["countries"], "UY"})
    statements = _import(changed, by=by, replace=True)
    assert statements <= STATEMENTS + 2 * allowance(activities)
    assert dumps(export_proposal(Biennium.objects.get(start_year=2020))) == dumps(changed)
    assert Activity.history.filter(history_type="~").count() == activities


@pytest.mark.django_db
def test_200_and_2000_activities_take_the_same_statements_but_for_batches():
    by = manager_user()
    counts = {}
    for activities in (200, 2_000):
        with transaction.atomic():
            counts[activities] = _import(with_activities(activities), by=by)
            transaction.set_rollback(True)
    assert counts[2_000] - counts[200] <= allowance(2_000)
