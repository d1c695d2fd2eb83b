"""The database itself refuses rows that break the proposal's rules."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from budget.models import Budget, Contribution, IncomeEstimate, IncomeLine, Subprogramme
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Biennium, LineOfAction, Paragraph, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def biennium():
    return Biennium.objects.create(start_year=2020, end_year=2021)


@pytest.fixture
def budget(biennium):
    return Budget.objects.create(
        biennium=biennium,
        phase="proposed",
        funds_brought_forward=Decimal(1),
        total_expenditure=Decimal(1),
    )


@pytest.fixture
def institution():
    country = Country.objects.create(code="CR", name="Costa Rica")
    return MemberInstitution.objects.create(
        name="National Training Institute",
        acronym="INA",
        country=country,
        kind="training_institution",
    )


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_letter_per_line_of_action_per_biennium(biennium):
    LineOfAction.objects.create(biennium=biennium, letter="a", heading={"en": "One"})
    refused(
        lambda: LineOfAction.objects.create(biennium=biennium, letter="a", heading={"en": "Two"})
    )
    refused(
        lambda: LineOfAction.objects.create(biennium=biennium, letter="A", heading={"en": "Big"})
    )


def test_a_biennium_is_two_consecutive_years():
    refused(lambda: Biennium.objects.create(start_year=2020, end_year=2022))


def test_one_budget_of_each_phase_per_biennium(budget):
    refused(
        lambda: Budget.objects.create(
            biennium=budget.biennium, phase="proposed", funds_brought_forward=0, total_expenditure=0
        )
    )


def test_income_is_not_negative_except_miscellaneous(budget):
    refused(
        lambda: IncomeEstimate.objects.create(
            budget=budget, line=IncomeLine.ILO, amount=Decimal(-1)
        )
    )
    IncomeEstimate.objects.create(budget=budget, line=IncomeLine.MISCELLANEOUS, amount=Decimal(-1))


def test_one_figure_per_income_line(budget):
    IncomeEstimate.objects.create(budget=budget, line=IncomeLine.ILO, amount=Decimal(1))
    refused(
        lambda: IncomeEstimate.objects.create(budget=budget, line=IncomeLine.ILO, amount=Decimal(2))
    )


def test_expenditure_and_costs_are_not_negative(biennium, budget):
    refused(
        lambda: Budget.objects.create(
            biennium=biennium, phase="approved", funds_brought_forward=0, total_expenditure=-1
        )
    )
    refused(
        lambda: Subprogramme.objects.create(
            budget=budget, position=1, name={"en": "X"}, staff_cost=-1, non_staff_cost=0
        )
    )


def test_a_paragraph_belongs_to_a_section_or_a_line_not_both(biennium):
    section = Section.objects.create(
        biennium=biennium, kind="budget", position=1, title={"en": "Budget"}
    )
    line = LineOfAction.objects.create(biennium=biennium, letter="a", heading={"en": "A"})
    refused(
        lambda: Paragraph.objects.create(
            section=section, line_of_action=line, position=1, text={"en": "x"}
        )
    )
    refused(lambda: Paragraph.objects.create(position=1, text={"en": "x"}))
    Paragraph.objects.create(section=section, position=1, text={"en": "x"})
    refused(lambda: Paragraph.objects.create(section=section, position=1, text={"en": "y"}))


def test_agreement_amount_and_period(institution):
    day = datetime.date(2020, 1, 1)
    refused(
        lambda: ContributionAgreement.objects.create(
            institution=institution, signed_on=day, starts_on=day, ends_on=day, annual_amount=-1
        )
    )
    refused(
        lambda: ContributionAgreement.objects.create(
            institution=institution,
            signed_on=day,
            starts_on=day,
            ends_on=datetime.date(2019, 1, 1),
            annual_amount=1,
        )
    )


def test_a_member_contribution_names_its_institution(biennium, institution):
    fields = dict(
        biennium=biennium,
        stage="received",
        date=datetime.date(2020, 5, 1),
        amount=Decimal(10),
        amount_usd=Decimal(10),
        income_line=IncomeLine.OTHER_COUNTRIES,
    )
    refused(lambda: Contribution.objects.create(payer="member_institution", **fields))
    refused(
        lambda: Contribution.objects.create(payer="host_country", institution=institution, **fields)
    )
    refused(
        lambda: Contribution.objects.create(
            payer="member_institution", institution=institution, **{**fields, "amount": Decimal(0)}
        )
    )
    Contribution.objects.create(payer="member_institution", institution=institution, **fields)


def test_the_approver_is_not_the_submitter(biennium):
    manager = get_user_model().objects.create_user("manager")
    refused(
        lambda: Biennium.objects.filter(pk=biennium.pk).update(
            status="approved", submitted_by=manager, approved_by=manager
        )
    )
