"""A signed-in user's roles come with the user, in one query, and are read again at every
request: a role taken away refuses the very next page."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinterfor.roles import FINANCE, MANAGERS, PROGRAMME_STAFF, roles_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_request_reads_the_user_and_the_roles_in_one_query(client, proposal_2020_21):
    user = UserFactory(role=FINANCE)
    user.groups.add(Group.objects.get(name=MANAGERS))
    client.force_login(user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bienniums/2020-21/budget/contributions/")

    assert response.status_code == 200
    assert roles_of(response.wsgi_request.user) == {FINANCE, MANAGERS}
    reads = [q["sql"] for q in queries.captured_queries if '"auth_group"' in q["sql"]]
    assert len(reads) == 1 and reads[0].startswith('SELECT "auth_user"')


def test_a_role_taken_away_refuses_the_next_request(client, proposal_2020_21):
    user = UserFactory(role=PROGRAMME_STAFF)
    client.force_login(user)
    assert client.get("/bienniums/2020-21/programme/activities/").status_code == 200

    user.groups.clear()

    assert client.get("/bienniums/2020-21/programme/activities/").status_code == 403


def test_an_inactive_user_is_signed_out(client, proposal_2020_21):
    user = UserFactory(role=PROGRAMME_STAFF)
    client.force_login(user)
    user.is_active = False
    user.save()

    response = client.get("/bienniums/2020-21/programme/activities/")

    assert response.status_code == 302 and "/login/" in response.url
