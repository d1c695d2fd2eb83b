"""The member register in the browser: search, filter, sort, page; finance keeps it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from members.models import ContributionAgreement, Country, MemberInstitution

D = Decimal
LIST = "/members/"


@pytest.fixture
def register(db):
    """Three countries and institutions; one agreement in force today, one expired."""
    uy = Country.objects.create(code="UY", name="Uruguay")
    br = Country.objects.create(code="BR", name="Brazil")
    co = Country.objects.create(code="CO", name="Colombia")
    kind = MemberInstitution.Kind.LEARNING_SERVICE
    inefop = MemberInstitution.objects.create(
        name="National Institute of Employment and Vocational Training",
        acronym="INEFOP",
        country=uy,
        kind=kind,
    )
    senai = MemberInstitution.objects.create(
        name="National Industrial Learning Service", acronym="SENAI", country=br, kind=kind
    )
    sena = MemberInstitution.objects.create(
        name="National Learning Service", acronym="SENA", country=co, kind=kind, member_since=1964
    )
    today = timezone.localdate()
    ContributionAgreement.objects.create(
        institution=senai,
        signed_on=today - datetime.timedelta(days=30),
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=700),
        annual_amount=D("20000"),
    )
    ContributionAgreement.objects.create(
        institution=sena,
        signed_on=datetime.date(2015, 1, 1),
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2016, 12, 31),
        annual_amount=D("10000"),
    )
    return {"inefop": inefop, "senai": senai, "sena": sena, "uy": uy, "br": br, "co": co}


@pytest.fixture
def finance_client(client, finance):
    client.force_login(finance)
    return client


def listed(client, query: str = "") -> list[str]:
    """The acronyms the list shows, in order."""
    page = client.get(LIST + query).content.decode()
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(
        r'<th scope="row" class="fw-normal"><a href="/members/\d+/">([^<]+)</a>', body
    )


def test_the_list_searches_names_and_acronyms(finance_client, register):
    assert listed(finance_client) == ["INEFOP", "SENA", "SENAI"]
    assert listed(finance_client, "?q=sena") == ["SENA", "SENAI"]
    assert listed(finance_client, "?q=industrial") == ["SENAI"]
    assert listed(finance_client, "?q=nothing-like-it") == []


def test_the_list_filters_by_country_and_agreement_in_force(finance_client, register):
    assert listed(finance_client, "?country=CO") == ["SENA"]
    assert listed(finance_client, "?agreement=in_force") == ["SENAI"]
    assert listed(finance_client, "?agreement=none") == ["INEFOP", "SENA"]
    assert listed(finance_client, "?agreement=none&country=UY") == ["INEFOP"]


def test_the_list_sorts_by_a_column_either_way(finance_client, register):
    assert listed(finance_client, "?sort=country") == ["SENAI", "SENA", "INEFOP"]
    assert listed(finance_client, "?sort=-country") == ["INEFOP", "SENA", "SENAI"]
    assert listed(finance_client, "?sort=-agreements")[-1] == "INEFOP"
    assert listed(finance_client, "?sort=no-such-column") == ["INEFOP", "SENA", "SENAI"]


def test_the_list_is_paginated_and_keeps_its_filters(finance_client, register):
    for n in range(30):
        MemberInstitution.objects.create(
            name=f"Training institute {n}",
            acronym=f"TI{n:02d}",
            country=register["uy"],
            kind=MemberInstitution.Kind.OTHER,
        )
    first = listed(finance_client, "?country=UY")
    second = listed(finance_client, "?country=UY&page=2")
    assert len(first) == 25 and len(second) == 6
    page = finance_client.get(LIST + "?country=UY").content.decode()
    assert "?country=UY&amp;page=2" in page
    assert "Page 1 of 2" in page


def test_the_list_query_count_does_not_grow_with_rows(
    finance_client, register, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        finance_client.get(LIST)
    for n in range(40):
        institution = MemberInstitution.objects.create(
            name=f"Institute {n}", acronym=f"I{n:02d}", country=register["br"], kind="other"
        )
        ContributionAgreement.objects.create(
            institution=institution,
            signed_on=datetime.date(2020, 1, 1),
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2030, 12, 31),
            annual_amount=D("1000"),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        finance_client.get(LIST)


def test_programme_staff_read_the_register_but_cannot_change_it(client, register, staff):
    client.force_login(staff)
    page = client.get(LIST).content.decode()
    assert "SENAI" in page and "Add an institution" not in page
    detail = client.get(f"/members/{register['senai'].pk}/").content.decode()
    assert "Contribution agreements" in detail and "Record an agreement" not in detail
    senai = register["senai"]
    agreement = senai.agreements.get()
    for url in (
        "/members/new/",
        f"/members/{senai.pk}/edit/",
        f"/members/{senai.pk}/agreements/new/",
        f"/members/agreements/{agreement.pk}/edit/",
        f"/members/agreements/{agreement.pk}/delete/",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"version": 1}).status_code == 403, url
    assert senai.agreements.count() == 1


def test_finance_adds_an_institution(finance_client, register, finance):
    response = finance_client.post(
        "/members/new/",
        {
            "name": "National Training Institute",
            "acronym": "INFOTEP",
            "country": "UY",
            "kind": "training_institution",
            "member_since": "1980",
            "active": "on",
        },
        follow=True,
    )
    assert "The institution is added to the register." in response.content.decode()
    institution = MemberInstitution.objects.get(acronym="INFOTEP")
    assert institution.history.get().history_user == finance


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"acronym": "SENA", "country": "CO"}, "already exists"),
        ({"member_since": "1950"}, "CINTERFOR was founded in 1963"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_a_bad_institution_is_refused_with_a_clear_message(
    finance_client, register, change, message
):
    data = {"name": "Some institute", "acronym": "SI", "country": "UY", "kind": "other", **change}
    response = finance_client.post("/members/new/", data)
    assert message in response.content.decode()
    assert not MemberInstitution.objects.filter(name="Some institute").exists()


def test_editing_an_institution_someone_saved_meanwhile_is_refused(
    finance_client, register, manager
):
    inefop = register["inefop"]
    url = f"/members/{inefop.pk}/edit/"
    data = {
        "version": inefop.version,
        "name": inefop.name,
        "acronym": "INEFOP",
        "country": "UY",
        "kind": inefop.kind,
        "active": "on",
    }
    other = Client()
    other.force_login(manager)
    other.post(url, {**data, "member_since": "1990"})

    response = finance_client.post(url, {**data, "member_since": "1995"})

    assert "Someone else saved this record" in response.content.decode()
    inefop.refresh_from_db()
    assert inefop.member_since == 1990


AGREEMENT = {
    "signed_on": "2019-12-01",
    "starts_on": "2020-01-01",
    "ends_on": "2021-12-31",
    "annual_amount": "25000",
    "currency": "USD",
}


def test_finance_records_edits_and_deletes_an_agreement(finance_client, register, finance):
    inefop = register["inefop"]
    response = finance_client.post(
        f"/members/{inefop.pk}/agreements/new/",
        {**AGREEMENT, "currency": "uyu", "annual_amount": "1 000 000.50"},
        follow=True,
    )
    assert "The agreement is recorded." in response.content.decode()
    agreement = inefop.agreements.get()
    assert (agreement.annual_amount, agreement.currency) == (D("1000000.50"), "UYU")
    assert "1,000,000.50" in response.content.decode()

    finance_client.post(
        f"/members/agreements/{agreement.pk}/edit/",
        {**AGREEMENT, "version": agreement.version, "annual_amount": "30000"},
    )
    agreement.refresh_from_db()
    assert (agreement.annual_amount, agreement.currency) == (D("30000"), "USD")

    response = finance_client.post(
        f"/members/agreements/{agreement.pk}/delete/", {"version": agreement.version}, follow=True
    )
    assert "The agreement is deleted." in response.content.decode()
    assert not inefop.agreements.exists()
    assert ContributionAgreement.history.filter(history_type="-").get().history_user == finance


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_on", "2019-12-31", "The period cannot end before it starts."),
        ("annual_amount", "-100", "The amount cannot be negative."),
        ("annual_amount", "a lot", "Enter an amount in figures"),
        ("annual_amount", "100.001", "Enter at most two decimals (cents)."),
        ("annual_amount", "1000000000000", "Enter an amount below 1,000,000,000,000."),
        ("annual_amount", "", "This field is required."),
        ("currency", "U$S", "three-letter ISO 4217 code"),
        ("starts_on", "31/12/2020", "Enter a valid date."),
    ],
)
def test_a_bad_agreement_is_refused_beside_its_field(
    finance_client, register, field, value, message
):
    inefop = register["inefop"]
    response = finance_client.post(
        f"/members/{inefop.pk}/agreements/new/", {**AGREEMENT, field: value}
    )
    page = response.content.decode()
    error = page.split(f'id="error_1_id_{field}"', 1)[1].split("</", 1)[0]
    assert message in error
    assert not inefop.agreements.exists()


def test_deleting_an_agreement_someone_changed_meanwhile_is_refused(
    finance_client, register, manager
):
    agreement = register["senai"].agreements.get()
    seen = agreement.version
    other = Client()
    other.force_login(manager)
    other.post(
        f"/members/agreements/{agreement.pk}/edit/",
        {**AGREEMENT, "version": seen, "annual_amount": "21000"},
    )
    response = finance_client.post(
        f"/members/agreements/{agreement.pk}/delete/", {"version": seen}, follow=True
    )
    assert "Someone else saved this record" in response.content.decode()
    assert ContributionAgreement.objects.filter(pk=agreement.pk).exists()


def test_the_detail_shows_agreements_and_contributions_to_finance(
    finance_client, proposal_2020_21, finance
):
    from budget.services import contribution_record

    sena = MemberInstitution.objects.get(acronym="SENA", country_id="CO")
    contribution_record(
        biennium=proposal_2020_21,
        by=finance,
        payer="member_institution",
        institution=sena,
        stage="received",
        date=datetime.date(2020, 6, 1),
        amount=D("12345.67"),
        currency="USD",
        amount_usd=D("12345.67"),
        income_line="other_countries",
    )
    page = finance_client.get(f"/members/{sena.pk}/").content.decode()
    assert "12,345.67 USD" in page and "2020–21" in page
