"""Forgotten passwords are reset by e-mail, through Django's views and our templates."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import finance_user

pytestmark = pytest.mark.django_db


def test_the_login_page_links_to_the_password_reset(client):
    response = client.get(reverse("login"))
    assert reverse("password_reset").encode() in response.content


def test_a_reset_link_is_mailed_and_sets_a_new_password(client):
    user = finance_user(email="fernando@example.org")
    response = client.post(reverse("password_reset"), {"email": "fernando@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fernando@example.org"]
    link = re.search(r"https?://[^/\s]+(/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert b'name="new_password1"' in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password-1", "new_password2": "a-new-long-password-1"},
    )
    assert done.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a-new-long-password-1")
    assert client.get(done.url).status_code == 200


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_used_or_forged_link_says_it_is_invalid(client):
    url = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "forged-token"})
    response = client.get(url)
    assert response.status_code == 200
    assert b"no longer valid" in response.content
    assert b'name="new_password1"' not in response.content


def test_the_reset_pages_use_our_layout_and_need_no_login(client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "base.html" in [t.name for t in response.templates], name
        assert "registration/" in response.templates[0].name
