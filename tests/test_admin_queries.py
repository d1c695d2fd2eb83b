"""The admin's lists and history pages take as many queries for 200 rows as for 10."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Budget, BudgetPhase, IncomeEstimate, IncomeLine
from members.models import Country, MemberInstitution
from programme.models import Activity, Biennium, LineOfAction


@pytest.fixture
def admin(client, db):
    user = get_user_model().objects.create_superuser(
        username="steward", email="steward@example.org", password="a-long-test-password"
    )
    client.force_login(user)
    return client


@pytest.fixture
def line(db) -> LineOfAction:
    biennium = Biennium.objects.create(start_year=2020, end_year=2021)
    return LineOfAction.objects.create(biennium=biennium, letter="a", heading={"en": "Heading"})


@pytest.fixture
def partners(db) -> tuple[list[Country], list[MemberInstitution]]:
    countries = [Country.objects.create(code=c, name=c) for c in ("CR", "GT", "UY")]
    institutions = [
        MemberInstitution.objects.create(name=c.name, acronym=f"I{c.code}", country=c, kind="other")
        for c in countries
    ]
    return countries, institutions


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request also fills per-process caches (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_activities(line: LineOfAction, partners, upto: int) -> None:
    countries, institutions = partners
    for position in range(line.activities.count() + 1, upto + 1):
        activity = Activity.objects.create(
            line_of_action=line,
            position=position,
            title={"en": f"Activity {position}"},
            kind="research",
        )
        activity.countries.set(countries[: position % 3 + 1])
        activity.partner_institutions.set(institutions[: position % 2 + 1])


def add_income_estimates(upto: int) -> None:
    """Estimates for enough bienniums and phases to reach `upto` rows."""
    lines = list(IncomeLine.values)
    year = (
        Biennium.objects.order_by("-start_year").values_list("start_year", flat=True).first()
        or 1958
    ) + 2
    while IncomeEstimate.objects.count() < upto:
        biennium = Biennium.objects.create(start_year=year, end_year=year + 1)
        year += 2
        for phase in BudgetPhase.values:
            budget = Budget.objects.create(
                biennium=biennium, phase=phase, funds_brought_forward=0, total_expenditure=0
            )
            for income_line in lines:
                if IncomeEstimate.objects.count() < upto:
                    IncomeEstimate.objects.create(budget=budget, line=income_line, amount=1)


def test_activity_changelist_queries_do_not_grow_with_rows(admin, line, partners):
    url = reverse("admin:programme_activity_changelist")
    add_activities(line, partners, 10)
    with_10 = queries_for(admin, url)

    add_activities(line, partners, 200)

    assert queries_for(admin, url) == with_10


def test_income_estimate_changelist_queries_do_not_grow_with_rows(admin):
    url = reverse("admin:budget_incomeestimate_changelist")
    add_income_estimates(10)
    with_10 = queries_for(admin, url)

    add_income_estimates(200)

    assert queries_for(admin, url) == with_10


def change_activity(activity: Activity, partners, upto: int) -> None:
    """Save the activity until it has `upto` history entries, changing its partners too."""
    countries, institutions = partners
    while (n := activity.history.count()) < upto:
        activity.skip_history_when_saving = True  # the save below records the partners
        activity.countries.set(countries[: n % 3 + 1])
        activity.partner_institutions.set(institutions[: n % 2 + 1])
        del activity.skip_history_when_saving
        activity.title = {"en": f"Title {n}"}
        activity.save()


def test_activity_history_queries_do_not_grow_with_entries(admin, line, partners):
    add_activities(line, partners, 1)
    activity = line.activities.get()
    url = reverse("admin:programme_activity_history", args=[activity.pk])
    change_activity(activity, partners, 10)
    with_10 = queries_for(admin, url)

    change_activity(activity, partners, 200)

    assert queries_for(admin, url) == with_10


def test_income_estimate_history_queries_do_not_grow_with_entries(admin):
    add_income_estimates(1)
    estimate = IncomeEstimate.objects.get()
    url = reverse("admin:budget_incomeestimate_history", args=[estimate.pk])

    def change(upto: int) -> None:
        while estimate.history.count() < upto:
            estimate.amount += Decimal(1)
            estimate.save()

    change(10)
    with_10 = queries_for(admin, url)

    change(200)

    assert queries_for(admin, url) == with_10
