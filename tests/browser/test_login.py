"""The browser can log in and see the bienniums (the first step of every role's task)."""

import pytest

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def test_a_manager_logs_in_and_sees_the_proposal(page, log_in, proposal_2020_21, manager):
    log_in(manager)
    assert page.get_by_role("link", name="2020–21").is_visible()
    page.get_by_role("link", name="2020–21").click()
    assert page.get_by_role("link", name="Status").is_visible()
