"""axe-core finds no WCAG 2.1 AA violation on any page, for any role, in English and Spanish.

The pages are listed in tests/browser/site_pages.py; a named GET URL the list misses fails
`test_every_page_is_listed`, so a new page must join the check.
"""

import pytest

from tests.browser.axe import AXE_SCRIPT, violations_on
from tests.browser.site_pages import NOT_PAGES, PAGES, ROLES, get_names, pages_for
from tests.test_permission_matrix import objects  # noqa: F401 - the fixture the URLs name

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def test_every_page_is_listed():
    missing = get_names() - set(PAGES) - NOT_PAGES
    assert not missing, f"pages to add to tests/browser/site_pages.py: {sorted(missing)}"
    assert set(PAGES) | NOT_PAGES <= get_names()
    assert len(PAGES) == len(set(PAGES))


@pytest.fixture
def session_as(browser, live_server):
    """A browser session of one user in one language, logged in through the form."""
    contexts = []

    def open_as(user, language: str):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        context.add_init_script(script=AXE_SCRIPT)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill("a-long-test-password")
        page.locator("form [type=submit]").click()
        page.wait_for_url(lambda url: not url.endswith("/login/"))
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ROLES)
def test_no_page_has_a_wcag_21_aa_violation(
    request,
    session_as,
    objects,  # noqa: F811 - the fixture imported above
    role,
    language,
    proposal_2020_21,  # noqa: F811
):
    user = request.getfixturevalue(role)
    page = session_as(user, language)
    found = {}
    for name, url in pages_for(role, objects):
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
        assert page.locator("html").get_attribute("lang") == language
        if problems := violations_on(page):
            found[name] = problems
    assert found == {}, "\n".join(f"{name}: {problems}" for name, problems in found.items())


def test_the_login_page_has_no_wcag_21_aa_violation(page):
    page.goto("/login/")
    assert violations_on(page) == []
