"""Issue 8 in a real browser: a manager starts 2022–23 from 2020–21; finance tries a what-if."""

import pytest
from playwright.sync_api import expect

from programme import services
from programme.cycle import biennium_start
from programme.models import Biennium

# The live server sees only committed data, so these tests commit (and empty the database).
pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def test_a_manager_previews_and_starts_the_next_biennium(page, log_in, proposal_2020_21, manager):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    log_in(manager)
    page.goto("/bienniums/2020-21/status/start-next/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Start the 2022–23 proposal from 2020–21"
    )
    expect(page.get_by_role("heading", name="What stays behind")).to_be_visible()
    page.get_by_role("button", name="Start 2022–23").click()
    page.wait_for_url("**/bienniums/2022-23/status/")
    expect(
        page.get_by_text("The 2022–23 proposal is started from 2020–21 as a draft.")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Started from 2020–21", exact=True)).to_be_visible()
    assert Biennium.objects.get(start_year=2022).status == Biennium.Status.DRAFT


def test_finance_sees_a_what_if_side_by_side_and_nothing_is_saved(
    page, log_in, proposal_2020_21, manager, finance
):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    biennium_start(source=proposal_2020_21, start_year=2022, by=manager)
    log_in(finance)
    page.goto("/bienniums/2022-23/what-if/")
    page.get_by_label("ILO contribution", exact=True).fill("2000000")
    page.get_by_role("button", name="Show the effect").click()
    changes = page.get_by_role("table").filter(
        has=page.get_by_role("rowheader", name="Paragraph 24")
    )
    expect(changes).to_contain_text("2,000,000")
    expect(page.get_by_role("rowheader", name="E. Funds carried forward")).to_be_visible()
    page.goto("/bienniums/2022-23/what-if/")
    expect(page.get_by_label("ILO contribution", exact=True)).not_to_have_value("2000000")
