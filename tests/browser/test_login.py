"""The browser can log in and see the bienniums (the first step of every role's task)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def test_a_manager_logs_in_and_sees_the_proposal(page, log_in, proposal_2020_21, manager):
    log_in(manager)
    # expect() waits for the page to load; is_visible() looked once, and after the click it
    # could look before the dashboard was drawn (failed once in CI).
    expect(page.get_by_role("link", name="2020–21")).to_be_visible()
    page.get_by_role("link", name="2020–21").click()
    expect(page.get_by_role("link", name="Status")).to_be_visible()
