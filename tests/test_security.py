"""Log-in limits, logout on the server, CSRF on forms, escaped output."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from programme.models import Paragraph

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def _try(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_failed_logins_lock_the_account_for_a_while(client, staff, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _try(client, staff.username, "wrong")
        assert response.status_code in (200, 429)
    response = _try(client, staff.username, PASSWORD)  # the right password, too late
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_login_after_a_few_mistakes_works(client, staff):
    _try(client, staff.username, "wrong")
    response = _try(client, staff.username, PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_logout_ends_the_session_on_the_server(client, staff):
    _try(client, staff.username, PASSWORD)
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    client.post("/logout/")
    assert not Session.objects.filter(session_key=session_key).exists()
    # The old cookie opens nothing any more.
    stolen = Client()
    stolen.cookies["sessionid"] = session_key
    assert stolen.get("/").status_code == 302


def test_a_post_without_the_csrf_token_is_refused(proposal_2020_21, manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post("/bienniums/2020-21/status/submit/")
    assert response.status_code == 403
    proposal_2020_21.refresh_from_db()
    assert proposal_2020_21.status == "draft"


def test_every_form_on_a_page_carries_the_csrf_token(client, proposal_2020_21, manager):
    client.force_login(manager)
    for url in ("/bienniums/2020-21/status/", "/bienniums/2020-21/budget/figures/"):
        html = client.get(url).content.decode()
        assert html.count('method="post"') <= html.count("csrfmiddlewaretoken"), url


def test_text_from_the_data_is_escaped_on_the_page(client, proposal_2020_21, staff):
    paragraph = Paragraph.objects.filter(section__biennium=proposal_2020_21).first()
    paragraph.text = {"en": "<script>alert('x')</script> {{ request }} & more"}
    paragraph.save()
    client.force_login(staff)
    url = f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/"
    html = client.get(url, follow=True).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
