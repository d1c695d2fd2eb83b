"""In a real browser: narratives in language tabs, the error summary, a form that fits a laptop."""

import pytest

from tests.factories import staff_user

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

NEW_ACTIVITY = "/bienniums/2020-21/programme/lines/a/activities/new/"


@pytest.fixture
def activity_form(proposal_2020_21, page, log_in):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(staff_user())
    page.goto(NEW_ACTIVITY)
    return page


def test_the_activity_form_is_much_shorter_than_before(activity_form):
    form = activity_form.locator("main form[method=post]").first
    height = form.evaluate("form => form.getBoundingClientRect().height")
    assert height < 1300  # it was 2,111 px with stacked languages and walls of checkboxes


def test_the_spanish_text_is_one_tab_away_by_keyboard(activity_form):
    page = activity_form
    spanish_title = page.get_by_label("Title (Spanish)")
    assert spanish_title.is_hidden()
    page.get_by_role("tab", name="English").first.focus()
    page.keyboard.press("ArrowRight")  # Bootstrap's tablist moves and opens by arrow
    assert page.get_by_role("tab", name="Spanish").first.get_attribute("aria-selected") == "true"
    assert spanish_title.is_visible()
    spanish_title.fill("Título")
    assert page.get_by_label("Title (English)").is_hidden()


def test_an_empty_form_is_answered_by_the_server_with_a_summary(activity_form):
    page = activity_form
    page.get_by_role("tab", name="Spanish").first.click()
    page.get_by_role("button", name="Save").click()  # novalidate: no browser tooltip stops it
    summary = page.get_by_role("alert").filter(has_text="Nothing was saved")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-form-errors')")
    summary.get_by_role("link", name="Title").click()
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_title_0"  # the English title, its tab opened
    assert page.get_by_label("Title (English)").is_visible()
