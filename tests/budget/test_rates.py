"""Rates of exchange: a contribution's US$ value defaults to its month's rate, and a rate changed
later changes no stored value until finance recomputes them, which is recorded."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget import services
from budget.models import Contribution, ExchangeRate, IncomeLine, RateRecompute

D = Decimal
pytestmark = pytest.mark.django_db
RATES = "/bienniums/2020-21/budget/rates/"
RECOMPUTE = "/bienniums/2020-21/budget/rates/recompute/"


def record_in_pesos(biennium, by, **values):
    return services.contribution_record(
        biennium=biennium,
        by=by,
        payer="other",
        payer_name="A ministry",
        stage="received",
        date=datetime.date(2020, 3, 17),
        amount=D("1000000.00"),
        currency="UYU",
        income_line=IncomeLine.OTHER_CONTRIBUTIONS,
        **values,
    )


def test_a_contribution_left_without_its_usd_value_takes_the_rate_of_its_month(
    proposal_2020_21, finance
):
    # An example rate, not a UN figure.
    services.rate_enter(
        by=finance, currency="UYU", month=datetime.date(2020, 3, 1), units_per_usd=D("40")
    )

    contribution = record_in_pesos(proposal_2020_21, finance)

    assert contribution.amount_usd == D("25000.00")
    assert (contribution.rate_used, contribution.rate_month) == (D("40"), datetime.date(2020, 3, 1))


def test_without_a_rate_the_usd_value_is_refused_not_invented(proposal_2020_21, finance):
    with pytest.raises(ValidationError, match="no rate of exchange for UYU in 2020-03"):
        record_in_pesos(proposal_2020_21, finance)
    assert not Contribution.objects.filter(currency="UYU").exists()


def test_a_changed_rate_changes_no_stored_value_until_the_recorded_recompute(
    proposal_2020_21, finance, client
):
    march = datetime.date(2020, 3, 1)
    services.rate_enter(by=finance, currency="UYU", month=march, units_per_usd=D("40"))
    contribution = record_in_pesos(proposal_2020_21, finance)

    client.force_login(finance)
    client.post(RATES, {"currency": "uyu", "month": "2020-03", "units_per_usd": "50"})
    assert ExchangeRate.objects.get(currency="UYU", month=march).units_per_usd == D("50")
    assert ExchangeRate.history.filter(currency="UYU").count() == 2  # the old rate is kept
    listed = client.get(RATES).content.decode()
    assert "40.000000" in listed.split('data-rate="UYU-2020-03"', 1)[1].split("</tr>", 1)[0]

    contribution.refresh_from_db()
    assert contribution.amount_usd == D("25000.00")  # not silently changed
    preview = client.get(RECOMPUTE)
    assert b"25,000.00" in preview.content and b"20,000.00" in preview.content
    contribution.refresh_from_db()
    assert contribution.amount_usd == D("25000.00")  # looking changes nothing

    client.post(RECOMPUTE)

    contribution.refresh_from_db()
    assert (contribution.amount_usd, contribution.rate_used) == (D("20000.00"), D("50"))
    done = RateRecompute.objects.get()
    assert (done.by, done.changed) == (finance, 1)
    assert "25000.00 US$ at 40" in done.summary and "20000.00 US$ at 50" in done.summary
    last = contribution.history.order_by("-history_date").first()
    assert (last.amount_usd, last.history_user) == (D("20000.00"), finance)
    assert services.rate_changes(biennium=proposal_2020_21) == []


def test_the_contribution_form_leaves_the_usd_value_to_the_rate_and_says_which(
    proposal_2020_21, finance, client
):
    services.rate_enter(
        by=finance, currency="UYU", month=datetime.date(2020, 3, 1), units_per_usd=D("40")
    )
    client.force_login(finance)
    response = client.post(
        "/bienniums/2020-21/budget/contributions/new/",
        {
            "payer": "other",
            "payer_name": "A ministry",
            "stage": "received",
            "date": "2020-03-17",
            "amount": "1000000",
            "currency": "UYU",
            "amount_usd": "",
            "income_line": "other_contributions",
        },
        follow=True,
    )
    contribution = Contribution.objects.get(currency="UYU")
    assert contribution.amount_usd == D("25000.00")
    assert "40" in response.content.decode() and "2020-03" in response.content.decode()


def test_an_edited_contribution_left_blank_is_converted_and_one_typed_in_drops_the_rate(
    proposal_2020_21, finance
):
    services.rate_enter(
        by=finance, currency="UYU", month=datetime.date(2020, 3, 1), units_per_usd=D("40")
    )
    contribution = services.contribution_record(
        biennium=proposal_2020_21,
        by=finance,
        payer="other",
        payer_name="A ministry",
        stage="received",
        date=datetime.date(2020, 3, 17),
        amount=D("1000000.00"),
        currency="UYU",
        amount_usd=D("24000.00"),  # typed from the bank's statement
        income_line=IncomeLine.OTHER_CONTRIBUTIONS,
    )
    assert contribution.rate_used is None

    services.contribution_update(
        contribution=contribution, by=finance, seen_version=1, amount_usd=None
    )
    assert (contribution.amount_usd, contribution.rate_used) == (D("25000.00"), D("40"))

    services.contribution_update(
        contribution=contribution, by=finance, seen_version=2, amount_usd=D("24500.00")
    )
    contribution.refresh_from_db()
    assert (contribution.amount_usd, contribution.rate_used, contribution.rate_month) == (
        D("24500.00"),
        None,
        None,
    )
