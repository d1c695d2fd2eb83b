"""The pickers of institutions and countries: a searchable lookup, never the whole register."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Country, MemberInstitution

INSTITUTIONS = "/members/institutions/lookup/"
COUNTRIES = "/members/countries/lookup/"


@pytest.fixture
def register(db):
    uy = Country.objects.create(code="UY", name="Uruguay")
    Country.objects.create(code="BR", name="Brazil")
    MemberInstitution.objects.bulk_create(
        MemberInstitution(
            name=f"Training institute number {n}", acronym=f"TI{n:03d}", country=uy, kind="other"
        )
        for n in range(45)
    )
    MemberInstitution.objects.create(
        name="National Learning Service", acronym="SENA", country=uy, kind="other"
    )
    return uy


def lookup(client, url: str, **query) -> dict:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.json()


def test_the_lookup_pages_through_the_register(client, register, finance):
    client.force_login(finance)
    first = lookup(client, INSTITUTIONS)
    assert len(first["results"]) == 20 and first["more"] is True
    assert first["results"][0] == {
        "id": MemberInstitution.objects.get(acronym="SENA").pk,
        "text": "SENA (UY) – National Learning Service",
    }
    third = lookup(client, INSTITUTIONS, page=3)
    assert len(third["results"]) == 6 and third["more"] is False
    seen = [
        r["id"] for page in (1, 2, 3) for r in lookup(client, INSTITUTIONS, page=page)["results"]
    ]
    assert len(set(seen)) == 46
    assert lookup(client, INSTITUTIONS, page="nonsense")["results"] == first["results"]


def test_the_lookup_searches_acronyms_and_names(client, register, staff):
    client.force_login(staff)
    assert [r["text"] for r in lookup(client, INSTITUTIONS, q="learning")["results"]] == [
        "SENA (UY) – National Learning Service"
    ]
    found = lookup(client, INSTITUTIONS, q="ti04")
    assert [r["text"][:5] for r in found["results"]] == [f"TI04{n}" for n in range(5)]
    assert lookup(client, INSTITUTIONS, q="nothing like it") == {"results": [], "more": False}
    assert lookup(client, COUNTRIES, q="uru")["results"] == [{"id": "UY", "text": "Uruguay"}]
    assert lookup(client, COUNTRIES, q="br")["results"] == [{"id": "BR", "text": "Brazil"}]


@pytest.mark.parametrize("url", [INSTITUTIONS, COUNTRIES])
def test_every_role_may_look_up_and_anonymous_is_sent_to_log_in(
    client, register, staff, finance, manager, url
):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    for user in (staff, finance, manager):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_a_user_without_a_role_gets_403(client, register, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x" * 20))
    assert client.get(INSTITUTIONS).status_code == 403


def test_the_lookup_takes_the_same_queries_however_large_the_register(client, register, finance):
    client.force_login(finance)
    client.get(INSTITUTIONS)

    def queries(**query) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(INSTITUTIONS, query)
        return len(captured)

    few = queries(q="ti", page=2)
    MemberInstitution.objects.bulk_create(
        MemberInstitution(name=f"More {n}", acronym=f"TI{n:04d}", country=register, kind="other")
        for n in range(1000, 1500)
    )
    assert queries(q="ti", page=2) == few <= 6  # session, user, roles, savepoints, the page
