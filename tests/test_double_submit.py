"""A create form sent twice makes one row; the second answer shows the first's result (issue 10,
case 5). Replays run everywhere; the simultaneous posts need PostgreSQL's row-level waits."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from budget import services as budget_services
from budget.models import Contribution
from members import services as member_services
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Activity, Footnote
from tests.factories import finance_user, staff_user
from tests.races import WAIT, Side
from tests.services import require

KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')
ALREADY = "This form had been sent already"


def key_on(client: Client, url: str) -> str:
    """The one-time key the create page drew into its form."""
    match = KEY.search(client.get(url).content.decode())
    assert match, f"{url} has no submission key"
    return match[1]


def contribution_form(institution: MemberInstitution) -> dict:
    return {
        "payer": "member_institution",
        "institution": institution.pk,
        "stage": "received",
        "date": "2020-05-04",
        "amount": "25000",
        "currency": "USD",
        "amount_usd": "25000",
        "income_line": "other_countries",
    }


def create_pages(biennium) -> list[tuple[str, dict, object]]:
    """Each create page: its URL, a valid form, and the rows it adds to."""
    sena = MemberInstitution.objects.get(acronym="SENA", country_id="CO")
    paragraph = biennium.sections.get(kind="introduction").paragraphs.first()
    return [
        (
            "/bienniums/2020-21/budget/contributions/new/",
            contribution_form(sena),
            Contribution.objects,
        ),
        (
            "/bienniums/2020-21/programme/lines/c/activities/new/",
            {
                "title_en": "Regional forum on green skills",
                "kind": Activity.Kind.KNOWLEDGE_SHARING,
                "status": Activity.Status.PLANNED,
                "countries": ["UY"],
            },
            Activity.objects,
        ),
        (
            f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/footnotes/new/",
            {"key": "9", "text_en": "A note added twice."},
            Footnote.objects,
        ),
        (
            "/members/new/",
            {"name": "Instituto de prueba", "acronym": "IDP", "country": "UY", "kind": "other"},
            MemberInstitution.objects,
        ),
        (
            f"/members/{sena.pk}/agreements/new/",
            {
                "signed_on": "2019-12-01",
                "starts_on": "2020-01-01",
                "ends_on": "2021-12-31",
                "annual_amount": "30000",
                "currency": "USD",
            },
            ContributionAgreement.objects,
        ),
    ]


@pytest.mark.django_db
def test_every_create_form_sent_twice_creates_once(client, proposal_2020_21):
    user = staff_user()
    user.groups.add(*finance_user().groups.all())
    client.force_login(user)
    for url, form, rows in create_pages(proposal_2020_21):
        before = rows.count()
        data = {**form, "submission_key": key_on(client, url)}
        first = client.post(url, data)
        assert first.status_code == 302, (url, first.content.decode()[:2000])
        second = client.post(url, data, follow=True)
        assert rows.count() == before + 1, url
        assert second.redirect_chain[0][0] == first["Location"], url
        assert ALREADY in second.content.decode(), url


@pytest.mark.django_db
def test_a_refused_form_can_be_corrected_and_sent_with_the_same_key(client, proposal_2020_21):
    client.force_login(finance_user())
    url = "/bienniums/2020-21/budget/contributions/new/"
    sena = MemberInstitution.objects.get(acronym="SENA", country_id="CO")
    key = key_on(client, url)
    refused = client.post(url, {**contribution_form(sena), "amount": "", "submission_key": key})
    assert refused.status_code == 200
    assert f'value="{key}"' in refused.content.decode()  # the redrawn form keeps its key
    assert client.post(url, {**contribution_form(sena), "submission_key": key}).status_code == 302
    assert Contribution.objects.count() == 1


@pytest.mark.django_db
def test_another_users_key_is_refused(client, proposal_2020_21):
    url = "/bienniums/2020-21/budget/contributions/new/"
    sena = MemberInstitution.objects.get(acronym="SENA", country_id="CO")
    client.force_login(finance_user())
    data = {**contribution_form(sena), "submission_key": key_on(client, url)}
    client.post(url, data)
    other = Client()
    other.force_login(finance_user())
    response = other.post(url, data)
    assert "This form cannot be sent again" in response.content.decode()
    assert Contribution.objects.count() == 1


# Simultaneous posts: two real transactions on PostgreSQL.


@pytest.fixture
def postgresql():
    require("PostgreSQL", connection.vendor == "postgresql", "the race needs PostgreSQL")


@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_a_contribution_form_records_one(
    postgresql, proposal_2020_21, monkeypatch
):
    finance = finance_user()
    url = "/bienniums/2020-21/budget/contributions/new/"
    sena = MemberInstitution.objects.get(acronym="SENA", country_id="CO")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(finance)
    data = {**contribution_form(sena), "submission_key": key_on(clients[0], url)}

    # The first request keeps its transaction open after recording, until the second waits.
    recorded, release = threading.Event(), threading.Event()
    record = budget_services.contribution_record

    def record_then_hold(**values):
        contribution = record(**values)
        recorded.set()
        release.wait(WAIT)
        return contribution

    monkeypatch.setattr(budget_services, "contribution_record", record_then_hold)
    first = Side(lambda: clients[0].post(url, data), atomic=False)
    first.start()
    assert recorded.wait(WAIT)
    second = Side(lambda: clients[1].post(url, data), atomic=False)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second post did not wait for the first"
    release.set()
    first.join(WAIT)
    second.join(WAIT)

    assert first.error is None and second.error is None
    assert first.result.status_code == second.result.status_code == 302
    assert first.result["Location"] == second.result["Location"]
    assert Contribution.objects.count() == 1


@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_creates_of_one_institution_give_a_form_error(postgresql, db):
    finance = finance_user()
    uruguay = Country.objects.get_or_create(code="UY", defaults={"name": "Uruguay"})[0]

    def create():
        return member_services.institution_create(
            by=finance, name="Instituto de prueba", acronym="IDP", country=uruguay, kind="other"
        )

    first = Side(create, hold=True)
    first.start()
    assert first.done_work.wait(WAIT)
    second = Side(
        lambda: member_services.institution_create(
            by=finance, name="Instituto de prueba bis", acronym="IDP", country=uruguay, kind="other"
        )
    )
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second create did not wait for the first"
    first.release.set()
    first.join(WAIT)
    second.join(WAIT)

    assert first.error is None
    assert isinstance(second.error, ValidationError)
    assert "acronym" in str(second.error).lower() or "same moment" in str(second.error)
    assert MemberInstitution.objects.filter(acronym="IDP").count() == 1
