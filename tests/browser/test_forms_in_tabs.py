"""In a real browser: narratives in one box in the source language, the error summary, a form that fits a laptop."""

import pytest
from playwright.sync_api import expect

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


def test_each_text_is_one_box_in_the_source_language(activity_form):
    # The other languages are translations, kept on the translations pages: no language tabs.
    page = activity_form
    assert page.locator("[data-narrative-tabs]").count() == 0
    title = page.get_by_label("In English").first
    assert title.get_attribute("id") == "id_title_0" and title.is_visible()
    assert page.locator('textarea[name="title_es"]').count() == 0


def test_an_empty_form_is_answered_by_the_server_with_a_summary(activity_form):
    page = activity_form
    page.get_by_role("button", name="Save").click()  # novalidate: no browser tooltip stops it
    summary = page.get_by_role("alert").filter(has_text="Nothing was saved")
    expect(summary).to_be_visible()  # waits for the server's answer; is_visible() would not
    assert page.evaluate("document.activeElement.hasAttribute('data-form-errors')")
    summary.get_by_role("link", name="Title").click()
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_title_0"  # the title's box
    assert page.locator("#id_title_0").is_visible()
