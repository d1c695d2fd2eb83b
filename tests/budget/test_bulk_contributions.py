"""Many contributions saved at once: checked whole, all or none, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import services
from budget.bulk_contributions import ContributionRow, RowsRefused, contributions_save_many
from budget.models import Contribution
from cinterfor.concurrency import ConcurrentEdit
from members.models import MemberInstitution

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def sena(proposal_2020_21):
    return MemberInstitution.objects.get(acronym="SENA")


def received(sena, n: int, **change) -> ContributionRow:
    values = {
        "payer": "member_institution",
        "institution": sena,
        "stage": "received",
        "date": datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        "amount": D("100") + n,
        "currency": "USD",
        "income_line": "other_countries",
        "reference": f"B-{n}",
    }
    values.update(change)
    return ContributionRow(**values)


def queries_to_save(biennium, by, rows) -> int:
    with CaptureQueriesContext(connection) as queries:
        contributions_save_many(biennium=biennium, by=by, rows=rows, reason="test")
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(proposal_2020_21, finance, sena):
    queries_to_save(proposal_2020_21, finance, [received(sena, 99)])  # the role, read once
    # Both sizes fit one batch of SQLite's 999 parameters, so the count must be the same.
    few = queries_to_save(proposal_2020_21, finance, [received(sena, n) for n in range(3)])
    more = queries_to_save(proposal_2020_21, finance, [received(sena, n) for n in range(100, 140)])
    assert few == more
    assert Contribution.objects.count() == 44
    assert Contribution.history.filter(history_user=finance, history_type="+").count() == 44


def test_every_bad_row_is_named_and_nothing_is_saved(proposal_2020_21, finance, sena):
    services.contribution_record(
        biennium=proposal_2020_21,
        by=finance,
        payer="member_institution",
        institution=sena,
        stage="received",
        date=datetime.date(2020, 1, 1),
        amount=D("100"),
        currency="USD",
        income_line="other_countries",
        reference="B-0",
    )
    gone = MemberInstitution(pk=999999, acronym="GONE", country_id="CO")
    rows = [
        received(sena, 0),  # recorded already
        received(sena, 1),
        received(sena, 2, currency="UYU"),  # no rate of exchange for UYU in 2020-01
        received(sena, 3, institution=gone),
        received(sena, 1, income_line="ilo"),  # the same natural key as the second row
        received(sena, 5, payer="ilo"),
    ]

    with pytest.raises(RowsRefused) as refused:
        contributions_save_many(biennium=proposal_2020_21, by=finance, rows=rows)

    named = [(r.index, r.field) for r in refused.value.refusals]
    assert named == [(0, ""), (2, "amount_usd"), (3, "institution"), (4, ""), (5, "institution")]
    reasons = [r.reason for r in refused.value.refusals]
    assert "recorded already" in reasons[0]
    assert "no rate of exchange for UYU in 2020-01" in reasons[1]
    assert reasons[3] == "The same contribution as row 2."
    assert Contribution.objects.count() == 1


def test_a_row_without_its_usd_value_is_converted_at_its_months_rate(
    proposal_2020_21, finance, sena
):
    # An example rate, not a UN figure.
    services.rate_enter(
        by=finance, currency="UYU", month=datetime.date(2020, 1, 1), units_per_usd=D("40")
    )
    [saved] = contributions_save_many(
        biennium=proposal_2020_21,
        by=finance,
        rows=[received(sena, 2, currency="UYU", amount=D("1000"))],
    )
    assert (saved.amount_usd, saved.rate_used, saved.rate_month) == (
        D("25.00"),
        D("40"),
        datetime.date(2020, 1, 1),
    )


def test_a_row_changed_by_someone_else_since_it_was_read_refuses_the_save(
    proposal_2020_21, finance, manager, sena
):
    [stored] = contributions_save_many(
        biennium=proposal_2020_21, by=finance, rows=[received(sena, 1)]
    )
    services.contribution_update(
        contribution=Contribution.objects.get(), by=manager, seen_version=1, note="checked"
    )
    change = received(sena, 1, note="from the bank", stored=stored, seen_version=1)

    with pytest.raises(ConcurrentEdit):
        contributions_save_many(
            biennium=proposal_2020_21, by=finance, rows=[change, received(sena, 2)]
        )
    assert Contribution.objects.get().note == "checked"

    stored.refresh_from_db()
    change = received(sena, 1, note="from the bank", stored=stored, seen_version=stored.version)
    contributions_save_many(biennium=proposal_2020_21, by=finance, rows=[change], reason="bank")
    stored.refresh_from_db()
    assert (stored.note, stored.version) == ("from the bank", 3)
    assert stored.history.first().history_change_reason == "bank"


def test_programme_staff_cannot_save_contributions(proposal_2020_21, staff, sena):
    with pytest.raises(PermissionDenied):
        contributions_save_many(biennium=proposal_2020_21, by=staff, rows=[received(sena, 1)])
    assert not Contribution.objects.exists()
