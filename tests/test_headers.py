"""Every page is sent with a strict Content-Security-Policy and a Permissions-Policy, and holds
nothing that policy would block: no inline script, no <style>, no style="" or on*="" attribute.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, _kwargs, objects  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

NOT_SCRIPT = {"application/json", "application/ld+json", "text/template"}


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


class _Inline(HTMLParser):
    """What a page holds inline that a CSP without 'unsafe-inline' refuses."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in attributes and attributes.get("type") not in NOT_SCRIPT:
            self.found.append(f"<script {attributes}>")
        if tag == "a" and (attributes.get("href") or "").lower().startswith("javascript:"):
            self.found.append("<a href=javascript:…>")


def inline_code(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    return parser.found


def test_the_policy_is_strict(admin_client):
    policy = directives(admin_client.get(reverse("home")))
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    for name in ("script-src", "style-src"):
        allowed = policy.get(name, policy["default-src"])
        assert "'unsafe-inline'" not in allowed, name
        assert "'unsafe-eval'" not in allowed, name
        assert not any(value.startswith("'nonce-") for value in allowed), name


def test_the_login_page_is_sent_with_the_policies_too(client):
    response = client.get(reverse("login"))
    assert "Content-Security-Policy" in response.headers
    assert "Permissions-Policy" in response.headers
    assert inline_code(response.content.decode()) == []


def test_powerful_browser_features_are_switched_off(admin_client):
    header = admin_client.get(reverse("home")).headers["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature


GET_PAGES = sorted(name for name, (method, _expected) in MATRIX.items() if method == "get")


@pytest.mark.parametrize("name", GET_PAGES)
def test_no_page_holds_inline_code_the_policy_would_block(admin_client, objects, name):  # noqa: F811
    # An id address forwards to its number address: the page checked is where it lands.
    response = admin_client.get(reverse(name, kwargs=_kwargs(name, objects)), follow=True)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    if response.headers["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == [], name


def test_the_error_pages_hold_no_inline_code(client, staff, settings):
    settings.DEBUG = False
    client.force_login(staff)
    forbidden = client.get(reverse("budget:figures", kwargs={"years": "2020-21"}))
    assert forbidden.status_code == 403
    assert inline_code(forbidden.content.decode()) == []
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Content-Security-Policy" in missing.headers
    assert inline_code(missing.content.decode()) == []


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/programme/activity/",
        "/admin/programme/activity/add/",
        "/admin/members/memberinstitution/",
        "/admin/auth/user/",
    ],
)
def test_the_admin_works_under_the_policy(admin_client, proposal_2020_21, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    assert inline_code(response.content.decode()) == [], url
