"""A submit and an edit racing on PostgreSQL, in two real transactions: no edit lands in a
submitted proposal (issue 10, case 2).

Each side runs in a thread of its own, so on a connection and in a transaction of its own. The
first side holds its transaction open until the test lets it commit, which makes the order of
the race certain rather than likely.
"""

from decimal import Decimal

import pytest
from django.db import connection

from budget import services as budget_services
from budget.models import Budget, BudgetPhase, IncomeLine
from programme import services
from programme.models import Activity, Biennium
from tests.factories import manager_user, staff_user
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


def first_activity(biennium: Biennium) -> Activity:
    return Activity.objects.filter(line_of_action__biennium=biennium).order_by("pk").first()


def test_a_submit_waits_for_an_edit_under_way(proposal_2020_21):
    staff, manager = staff_user(), manager_user()
    activity = first_activity(proposal_2020_21)
    edit = Side(
        lambda: services.activity_update(
            activity=activity, by=staff, seen_version=activity.version, other_partners="UNESCO"
        ),
        hold=True,
    )
    edit.start()
    assert edit.done_work.wait(WAIT)
    submit = Side(lambda: services.biennium_submit(biennium=proposal_2020_21, by=manager))
    submit.start()
    submit.join(0.5)
    assert submit.is_alive(), "the submit went ahead while an edit was still under way"
    edit.release.set()
    edit.join(WAIT)
    submit.join(WAIT)
    assert edit.error is None and submit.error is None
    proposal_2020_21.refresh_from_db()
    assert proposal_2020_21.status == Biennium.Status.SUBMITTED
    # The edit committed first, so the proposal was submitted with it.
    assert Activity.objects.get(pk=activity.pk).other_partners == "UNESCO"


def test_an_edit_that_waited_for_a_submit_is_refused(proposal_2020_21):
    staff, manager = staff_user(), manager_user()
    activity = first_activity(proposal_2020_21)
    submit = Side(
        lambda: services.biennium_submit(biennium=proposal_2020_21, by=manager), hold=True
    )
    submit.start()
    assert submit.done_work.wait(WAIT)
    edit = Side(
        lambda: services.activity_update(
            activity=activity, by=staff, seen_version=activity.version, other_partners="UNESCO"
        )
    )
    edit.start()
    edit.join(0.5)
    assert edit.is_alive(), "the edit did not wait for the submit's lock"
    submit.release.set()
    submit.join(WAIT)
    edit.join(WAIT)
    assert submit.error is None
    assert isinstance(edit.error, services.BienniumLocked)
    assert Activity.objects.get(pk=activity.pk).other_partners != "UNESCO"


def test_a_figures_save_that_waited_for_a_submit_is_refused(proposal_2020_21):
    finance_or_manager, manager = manager_user(), manager_user()
    budget = Budget.objects.get(biennium=proposal_2020_21, phase=BudgetPhase.PROPOSED)
    before = budget.income.get(line=IncomeLine.ILO).amount
    values = budget_services.FigureValues(
        brought_forward=budget.funds_brought_forward,
        expenditure=budget.total_expenditure,
        income={IncomeLine.ILO: before + Decimal("1000")},
    )
    submit = Side(
        lambda: services.biennium_submit(biennium=proposal_2020_21, by=manager), hold=True
    )
    submit.start()
    assert submit.done_work.wait(WAIT)
    save = Side(
        lambda: budget_services.budget_update_figures(
            budget=budget, by=finance_or_manager, values=values, seen_version=budget.version
        )
    )
    save.start()
    save.join(0.5)
    assert save.is_alive(), "the figures save did not wait for the submit's lock"
    submit.release.set()
    submit.join(WAIT)
    save.join(WAIT)
    assert submit.error is None
    assert isinstance(save.error, services.BienniumLocked)
    assert budget.income.get(line=IncomeLine.ILO).amount == before


def test_a_write_outside_a_transaction_is_a_programming_error(proposal_2020_21):
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        services.lock_for_edit(proposal_2020_21)
