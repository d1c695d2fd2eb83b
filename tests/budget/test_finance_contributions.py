"""Finance records contributions and follows what was received against the forecast."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from budget import selectors, services
from budget.models import Contribution
from members.models import ContributionAgreement, MemberInstitution
from programme.models import Biennium

D = Decimal
LIST = "/bienniums/2020-21/budget/contributions/"
NEW = "/bienniums/2020-21/budget/contributions/new/"
FORECAST = "/bienniums/2020-21/budget/forecast/"


@pytest.fixture
def finance_client(client, finance):
    client.force_login(finance)
    return client


@pytest.fixture
def sena(proposal_2020_21):
    return MemberInstitution.objects.get(acronym="SENA", country_id="CO")


def received_from(institution, biennium, by, amount="25000", **extra):
    values = {
        "biennium": biennium,
        "by": by,
        "payer": Contribution.Payer.MEMBER_INSTITUTION,
        "institution": institution,
        "stage": Contribution.Stage.RECEIVED,
        "date": datetime.date(2020, 5, 4),
        "amount": D(amount),
        "currency": "USD",
        "amount_usd": D(amount),
        "income_line": "other_countries",
    }
    values.update(extra)
    return services.contribution_record(**values)


def row(page: str, marker: str) -> str:
    return page.split(marker, 1)[1].split("</tr>", 1)[0]


def figures_in(markup: str) -> list[str]:
    """The texts of a row's cells, whatever their markup (the forecast page's may change)."""
    return [text.strip() for text in re.findall(r">([^<>]+)<", markup) if text.strip()]


def test_a_recorded_contribution_shows_as_received_against_the_forecast(
    finance_client, proposal_2020_21, sena
):
    before = row(finance_client.get(FORECAST).content.decode(), 'data-line="other_countries"')
    assert "500,000" in before and "0.00" in figures_in(before)

    response = finance_client.post(
        NEW,
        {
            "payer": "member_institution",
            "institution": sena.pk,
            "stage": "received",
            "date": "2020-05-04",
            "amount": "25000",
            "currency": "usd",
            "income_line": "other_countries",
            "note": "First instalment",
        },
        follow=True,
    )

    assert "The contribution is recorded." in response.content.decode()
    contribution = Contribution.objects.get()
    assert (contribution.amount_usd, contribution.currency) == (D("25000"), "USD")
    after = row(finance_client.get(FORECAST).content.decode(), 'data-line="other_countries"')
    assert "25,000.00" in figures_in(after)
    assert "-475,000.00" in after
    assert "5.0 %" in after


def test_only_received_money_counts_against_the_forecast(proposal_2020_21, finance, sena):
    received_from(sena, proposal_2020_21, finance, amount="1000.10")
    received_from(sena, proposal_2020_21, finance, amount="999.95")
    received_from(sena, proposal_2020_21, finance, amount="5000", stage="pledged")
    received_from(sena, proposal_2020_21, finance, amount="7", income_line="miscellaneous")

    lines = {
        line.line: line for line in selectors.forecast_against_received(biennium=proposal_2020_21)
    }

    assert lines["other_countries"].received == D("2000.05")
    assert lines["other_countries"].difference == D("2000.05") - D("500000")
    assert lines["miscellaneous"].received == D("7")
    assert lines["ilo"].received == D("0")


def test_a_payment_in_another_currency_without_a_rate_needs_its_us_dollar_value(
    finance_client, sena
):
    data = {
        "payer": "member_institution",
        "institution": sena.pk,
        "stage": "received",
        "date": "2020-05-04",
        "amount": "100000000",
        "currency": "COP",
        "income_line": "other_countries",
    }
    response = finance_client.post(NEW, data)
    assert (
        "There is no rate of exchange for COP in 2020-05: enter the rate, or the US$ value."
        in response.content.decode()
    )
    assert not Contribution.objects.exists()

    data["amount_usd"] = "30120.48"
    finance_client.post(NEW, data)
    assert Contribution.objects.get().amount_usd == D("30120.48")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"institution": ""}, "Name the member institution that pays."),
        ({"payer": "host_country"}, "Name an institution only when a member institution pays."),
        ({"amount": "0"}, "Enter an amount above zero."),
        ({"amount": "12.345"}, "Enter at most two decimals (cents)."),
        ({"amount": "twelve"}, "Enter an amount in figures"),
        ({"amount_usd": "24000"}, "A payment in US$ is worth its amount in US$."),
        ({"currency": "US"}, "three-letter ISO 4217 code"),
        ({"date": ""}, "This field is required."),
    ],
)
def test_a_bad_contribution_is_refused_with_the_field_message(
    finance_client, sena, change, message
):
    data = {
        "payer": "member_institution",
        "institution": sena.pk,
        "stage": "received",
        "date": "2020-05-04",
        "amount": "25000",
        "currency": "USD",
        "income_line": "other_countries",
        **change,
    }
    response = finance_client.post(NEW, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_the_list_filters_by_stage_payer_and_income_line(
    finance_client, proposal_2020_21, finance, sena
):
    received_from(sena, proposal_2020_21, finance, note="member received")
    received_from(sena, proposal_2020_21, finance, stage="pledged", note="member pledged")
    services.contribution_record(
        biennium=proposal_2020_21,
        by=finance,
        payer="host_country",
        payer_name="Government of Uruguay",
        stage="received",
        date=datetime.date(2020, 3, 1),
        amount=D("50000"),
        currency="USD",
        amount_usd=D("50000"),
        income_line="host_country",
    )

    def listed(query: str) -> list[str]:
        page = finance_client.get(LIST + query).content.decode()
        return [name for name in ("SENA<", "Government of Uruguay") if name in page]

    assert listed("") == ["SENA<", "Government of Uruguay"]
    assert listed("?payer=host_country") == ["Government of Uruguay"]
    assert listed("?income_line=other_countries") == ["SENA<"]
    page = finance_client.get(LIST + "?stage=pledged").content.decode()
    assert "1 contribution" in page and "Pledged" in page


def bulk_contributions(biennium, institution, count: int) -> None:
    Contribution.objects.bulk_create(
        Contribution(
            biennium=biennium,
            payer="member_institution",
            institution=institution,
            stage="received",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            amount=D("100"),
            currency="USD",
            amount_usd=D("100"),
            income_line="other_countries",
        )
        for n in range(count)
    )


def test_the_list_is_paginated(finance_client, proposal_2020_21, sena):
    bulk_contributions(proposal_2020_21, sena, 30)
    first = finance_client.get(LIST).content.decode()
    second = finance_client.get(LIST + "?page=2").content.decode()
    assert first.count("/edit/") == 25 and second.count("/edit/") == 5
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("url", [LIST, FORECAST])
def test_list_pages_query_count_does_not_grow_with_rows(
    finance_client, proposal_2020_21, django_assert_max_num_queries, url
):
    institutions = list(MemberInstitution.objects.order_by("pk"))
    for institution in institutions[:2]:
        bulk_contributions(proposal_2020_21, institution, 2)
        ContributionAgreement.objects.create(
            institution=institution,
            signed_on=datetime.date(2019, 1, 1),
            starts_on=datetime.date(2019, 1, 1),
            ends_on=datetime.date(2022, 12, 31),
            annual_amount=D("10000"),
        )
    with django_assert_max_num_queries(30) as few:
        finance_client.get(url)
    for institution in institutions[2:]:
        bulk_contributions(proposal_2020_21, institution, 10)
        ContributionAgreement.objects.create(
            institution=institution,
            signed_on=datetime.date(2019, 1, 1),
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2021, 12, 31),
            annual_amount=D("5000"),
            currency="UYU" if institution.acronym == "INEFOP" else "USD",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        finance_client.get(url)


def test_what_each_institution_paid_and_still_owes(finance_client, proposal_2020_21, finance, sena):
    ContributionAgreement.objects.create(
        institution=sena,
        signed_on=datetime.date(2019, 3, 1),
        starts_on=datetime.date(2019, 3, 1),
        ends_on=datetime.date(2022, 2, 28),
        annual_amount=D("10000"),
    )
    inefop = MemberInstitution.objects.get(acronym="INEFOP")
    ContributionAgreement.objects.create(
        institution=inefop,
        signed_on=datetime.date(2020, 1, 1),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
        annual_amount=D("400000"),
        currency="UYU",
    )
    received_from(sena, proposal_2020_21, finance, amount="5000")
    received_from(sena, proposal_2020_21, finance, amount="2000", stage="pledged")

    page = finance_client.get(FORECAST).content.decode()

    sena_row = row(page, 'data-institution="SENA"')
    assert "20,000.00" in sena_row  # due: two years of 10,000
    assert "5,000.00" in sena_row  # paid: only what was received
    assert "15,000.00" in row(sena_row, "data-owed")
    inefop_row = row(page, 'data-institution="INEFOP"')
    assert "400,000.00 UYU" in inefop_row  # the agreement, in its currency
    # Without a rate of exchange for the month it fell due, the page says so (budget.owed).
    assert "No rate of exchange for UYU in 2020-01: not converted." in row(inefop_row, "data-owed")


def test_finance_edits_a_contribution_unless_someone_saved_it_first(
    finance_client, proposal_2020_21, finance, manager, sena
):
    contribution = received_from(sena, proposal_2020_21, finance)
    url = f"{LIST}{contribution.pk}/edit/"
    data = {
        "version": contribution.version,
        "payer": "member_institution",
        "institution": sena.pk,
        "stage": "received",
        "date": "2020-05-04",
        "amount": "26000",
        "currency": "USD",
        "income_line": "other_countries",
    }
    other = Client()
    other.force_login(manager)
    other.post(url, {**data, "amount": "27000"})

    response = finance_client.post(url, data)

    assert "Someone else saved this record" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.amount == D("27000") and contribution.amount_usd == D("27000")


def test_finance_deletes_a_contribution_recorded_in_error(
    finance_client, proposal_2020_21, finance, sena
):
    contribution = received_from(sena, proposal_2020_21, finance)
    url = f"{LIST}{contribution.pk}/delete/"
    assert "Delete" in finance_client.get(url).content.decode()
    response = finance_client.post(url, {"version": contribution.version}, follow=True)
    assert "The contribution is deleted." in response.content.decode()
    assert not Contribution.objects.exists()
    deletion = Contribution.history.get(history_type="-")
    assert deletion.history_user == finance


def test_another_bienniums_contribution_is_not_found_here(
    finance_client, proposal_2020_21, finance, sena
):
    earlier = Biennium.objects.get(start_year=2018)
    contribution = received_from(sena, earlier, finance)
    assert finance_client.get(f"{LIST}{contribution.pk}/edit/").status_code == 404
    assert (
        finance_client.post(f"{LIST}{contribution.pk}/delete/", {"version": 1}).status_code == 404
    )
    assert Contribution.objects.filter(pk=contribution.pk).exists()


@pytest.mark.parametrize("url", [LIST, NEW, FORECAST])
def test_programme_staff_get_403_on_finance_pages(client, proposal_2020_21, staff, url):
    client.force_login(staff)
    assert client.get(url).status_code == 403


def test_programme_staff_cannot_post_a_contribution(client, proposal_2020_21, staff):
    client.force_login(staff)
    response = client.post(
        NEW,
        {
            "payer": "ilo",
            "stage": "received",
            "date": "2020-01-01",
            "amount": "1",
            "currency": "USD",
            "income_line": "ilo",
        },
    )
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_a_mistyped_amount_in_us_dollars_is_the_only_complaint(finance_client, sena):
    response = finance_client.post(
        NEW,
        {
            "payer": "member_institution",
            "institution": sena.pk,
            "stage": "received",
            "date": "2020-05-04",
            "amount": "25.000,00",
            "currency": "USD",
            "income_line": "other_countries",
        },
    )
    page = response.content.decode()
    assert "Enter an amount in figures" in page
    assert "Give the US$ value" not in page


def more_institutions(count: int) -> None:
    """`count` more institutions in the register, in bulk."""
    country = MemberInstitution.objects.order_by("pk").first().country
    MemberInstitution.objects.bulk_create(
        MemberInstitution(
            name=f"Bulk institute {n}", acronym=f"BULK{n:04d}", country=country, kind="other"
        )
        for n in range(count)
    )


def measured(client, url: str) -> tuple[int, int]:
    """The page's size in bytes and its number of queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(response.content), len(queries)


def test_the_contribution_form_does_not_grow_with_the_register(
    finance_client, proposal_2020_21, finance, sena
):
    contribution = received_from(sena, proposal_2020_21, finance)
    edit = f"{LIST}{contribution.pk}/edit/"
    finance_client.get(NEW)
    small = measured(finance_client, NEW), measured(finance_client, edit)
    more_institutions(500)
    large = measured(finance_client, NEW), measured(finance_client, edit)
    assert large == small
    page = finance_client.get(edit).content.decode()
    chosen = page.split('name="institution"', 1)[1].split("</select>", 1)[0]
    assert chosen.count("<option") == 2  # the empty choice and SENA, chosen
    assert 'data-lookup="/members/institutions/lookup/"' in page
    assert all(queries <= 15 for _size, queries in large)


def test_any_institution_of_the_register_may_be_submitted(finance_client, sena):
    more_institutions(30)
    chosen = MemberInstitution.objects.get(acronym="BULK0029")
    data = {
        "payer": "member_institution",
        "institution": chosen.pk,
        "stage": "received",
        "date": "2020-05-04",
        "amount": "100",
        "currency": "USD",
        "income_line": "other_countries",
    }
    finance_client.post(NEW, data)
    assert Contribution.objects.get().institution == chosen
    response = finance_client.post(NEW, {**data, "institution": 999999})
    assert "Select a valid choice" in response.content.decode()
    response = finance_client.post(NEW, {**data, "institution": "not-an-id"})
    assert "Select a valid choice" in response.content.decode()
    assert Contribution.objects.count() == 1


def row_with(page: str, text: str) -> str:
    """The table row of the page that holds `text` (whatever the row's markup)."""
    rows = (chunk.split("</tr>", 1)[0] for chunk in page.split("<tr")[1:])
    return next(row for row in rows if text in row)


def test_the_form_converts_at_the_rate_of_the_month_read_once_and_the_list_says_which(
    finance_client, finance, sena
):
    # An example rate, not a UN figure.
    services.rate_enter(
        by=finance, currency="COP", month=datetime.date(2020, 5, 1), units_per_usd=D("3840.5")
    )
    with CaptureQueriesContext(connection) as queries:
        finance_client.post(
            NEW,
            {
                "payer": "member_institution",
                "institution": sena.pk,
                "stage": "received",
                "date": "2020-05-04",
                "amount": "100000000",
                "currency": "COP",
                "income_line": "other_countries",
                "reference": "BANCO-77",
            },
        )
    rate_reads = [q for q in queries if "budget_exchangerate" in q["sql"]]
    assert len(rate_reads) == 1
    contribution = Contribution.objects.get()
    assert (contribution.amount_usd, contribution.rate_used, contribution.reference) == (
        D("26038.28"),
        D("3840.5"),
        "BANCO-77",
    )

    listed = row_with(finance_client.get(LIST).content.decode(), "2020-05-04")
    assert "26,038.28" in listed
    assert "at 3840.5 COP per US$, the rate of 2020-05" in listed
    assert "Ref. BANCO-77" in listed


def test_a_contribution_typed_in_us_dollars_says_no_rate(
    finance_client, proposal_2020_21, finance, sena
):
    received_from(sena, proposal_2020_21, finance)
    listed = finance_client.get(LIST).content.decode()
    assert "data-rate-used" not in listed
