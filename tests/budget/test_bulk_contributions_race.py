"""Two bulk saves of the same payments at once on PostgreSQL: the second waits, then is refused.

The payments carry no reference, so no unique index stops the second: only the lock the bulk
save takes, and its check of natural keys after the wait, keep them from being saved twice.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from budget.bulk_contributions import ContributionRow, RowsRefused, contributions_save_many
from budget.models import Contribution
from members.models import MemberInstitution
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


def test_a_second_save_of_the_same_payments_waits_for_the_first_and_is_refused(
    proposal_2020_21, finance
):
    sena = MemberInstitution.objects.get(acronym="SENA")
    rows = [
        ContributionRow(
            payer="member_institution",
            institution=sena,
            stage="received",
            date=datetime.date(2020, 5, day),
            amount=Decimal("250.00"),
            currency="USD",
            income_line="other_countries",
        )
        for day in (4, 5)
    ]

    def save():
        return contributions_save_many(biennium=proposal_2020_21, by=finance, rows=rows)

    first = Side(save, hold=True)
    first.start()
    assert first.done_work.wait(WAIT)
    second = Side(save)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second save did not wait for the first"
    first.release.set()
    first.join(WAIT)
    second.join(WAIT)

    assert first.error is None
    assert isinstance(second.error, RowsRefused)
    assert [r.index for r in second.error.refusals] == [0, 1]
    assert Contribution.objects.count() == 2
