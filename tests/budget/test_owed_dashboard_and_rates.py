"""The dashboard's "still owed" card and the rates page read the database, not Python loops."""

import datetime
from decimal import Decimal

import pytest

from budget import calculations as calc
from budget import selectors, services
from budget.models import Contribution, ExchangeRate
from tests.budget.test_finance_forecast import institutions_owing, with_pesos
from tests.factories import finance_user
from tests.test_dashboard import key_figures

D = Decimal
pytestmark = pytest.mark.django_db
DASHBOARD = "/bienniums/2020-21/"


def test_the_dashboard_says_what_is_still_owed_and_links_to_those_in_arrears(
    client, manager, proposal_2020_21
):
    institutions_owing(proposal_2020_21, 20)
    with_pesos(proposal_2020_21)
    client.force_login(manager)

    page = client.get(DASHBOARD).content.decode()

    owing = selectors.institutions_owing(biennium=proposal_2020_21, in_arrears=True).totals()
    assert owing.arrears_usd > 0
    assert key_figures(page)["Still owed by institutions"].startswith(
        f"US${calc.whole_dollars(owing.arrears_usd):,}"
    )
    assert "/bienniums/2020-21/budget/forecast/?arrears=on&amp;sort=-arrears" in page


def test_the_rates_page_counts_the_contributions_a_recompute_would_change(
    client, finance, proposal_2020_21
):
    rate = ExchangeRate.objects.create(
        currency="UYU",
        month=datetime.date(2020, 3, 1),
        units_per_usd=D("40"),
        entered_by=finance_user(),
    )
    for amount_usd, rate_used in ((D("100.00"), D("40")), (D("95.24"), D("42"))):
        Contribution.objects.create(
            biennium=proposal_2020_21,
            payer="other",
            payer_name="A funder",
            stage="received",
            date=datetime.date(2020, 3, 5),
            amount=D("4000"),
            currency="UYU",
            amount_usd=amount_usd,
            rate_used=rate_used,
            rate_month=rate.month,
            income_line="other_contributions",
        )

    assert selectors.rate_changes_count(biennium=proposal_2020_21) == 1
    assert len(services.rate_changes(biennium=proposal_2020_21)) == 1
    client.force_login(finance)
    page = client.get("/bienniums/2020-21/budget/rates/").content.decode()
    assert "1 contribution of this biennium was converted at a rate since changed." in page
