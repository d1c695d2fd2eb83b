"""Every page is usable on a 390×844 phone (nothing scrolls sideways) and on a 1366×768 laptop.

The test also photographs each role's main page at both sizes into test-artifacts/, which CI
keeps, so a change of layout can be seen without running the site.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from budget.models import Subprogramme
from tests.browser.site_pages import MAIN_PAGE, ROLES, pages_for, url_of
from tests.test_permission_matrix import objects  # noqa: F401 - the fixture the URLs name

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

SIDEWAYS = "() => document.scrollingElement.scrollWidth - window.innerWidth"

# The lists whose rows become cards on a phone, each headed by its key column (a row header).
LISTS = [
    "programme:activities",
    "budget:contributions",
    "budget:forecast",
    "budget:figures",  # its history of changes
    "members:institutions",
    "documents:exports",
    "documents:export_list",
    "tables:contribution_upload",  # the earlier uploads
    "tables:contribution_batch",  # the rows checked
]
# For each list table: what the first visible cell of its first row is, and whether the table
# stays inside the screen.
FIRST_CELLS = """() => [...document.querySelectorAll("table.table-cards")].map(table => {
  const row = table.querySelector("tbody tr");
  if (!row || row.cells.length < 2) return null;
  const shown = [...row.children].filter(cell => cell.getBoundingClientRect().height > 0);
  shown.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top
                    || a.getBoundingClientRect().left - b.getBoundingClientRect().left);
  const first = shown[0];
  return {
    key: first.tagName === "TH" && first.scope === "row",
    labelled: shown.slice(1).every(cell => cell.tagName === "TH" || cell.dataset.label),
    inside: table.getBoundingClientRect().right <= window.innerWidth,
  };
}).filter(Boolean)"""


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_on_a_phone(request, page, log_in, objects, role):  # noqa: F811
    log_in(request.getfixturevalue(role))
    page.set_viewport_size(PHONE)
    too_wide = {}
    for name, url in pages_for(role, objects):
        page.goto(url)
        if (excess := page.evaluate(SIDEWAYS)) > 0:
            too_wide[name] = excess
    assert too_wide == {}


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_main_page_at_laptop_and_phone_size(
    request,
    page,
    log_in,
    objects,  # noqa: F811
    role,
):
    log_in(request.getfixturevalue(role))
    ARTIFACTS.mkdir(exist_ok=True)
    url = url_of(MAIN_PAGE[role], objects)
    for size_name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(url)
        page.screenshot(path=str(ARTIFACTS / f"{role}-main-page-{size_name}.png"))
        assert page.evaluate(SIDEWAYS) <= 0, size_name


def test_the_menu_sits_beside_the_page_on_a_laptop_and_behind_a_button_on_a_phone(
    page, log_in, proposal_2020_21, manager
):
    log_in(manager)
    page.set_viewport_size(LAPTOP)
    page.goto("/bienniums/2020-21/")
    menu = page.get_by_role("navigation", name="Pages of 2020–21")
    expect(menu.get_by_role("link", name="Contributions", exact=True)).to_be_visible()
    # Nothing in the top bar wraps: it stays one line high.
    assert page.locator(".site-header").bounding_box()["height"] < 70

    page.set_viewport_size(PHONE)
    page.goto("/bienniums/2020-21/")
    expect(menu.get_by_role("link", name="Contributions", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu.get_by_role("link", name="Contributions", exact=True)).to_be_visible()
    # The biennium and its status stay in view on the phone too.
    expect(page.locator(".site-biennium")).to_contain_text("2020–21")


def test_a_line_pages_first_activity_is_in_the_first_screen_of_a_laptop(
    page, log_in, proposal_2020_21, staff
):
    log_in(staff)
    page.set_viewport_size(LAPTOP)
    page.goto("/bienniums/2020-21/programme/lines/a/")
    first = page.get_by_role("table", name="Activities of line of action (a), in order")
    first_row = first.get_by_role("row").nth(1)
    assert first_row.bounding_box()["y"] < 600


def test_no_menu_entry_wraps_on_a_laptop(page, log_in, proposal_2020_21, manager):
    log_in(manager)
    page.set_viewport_size(LAPTOP)
    page.goto("/bienniums/2020-21/budget/contributions/")
    heights = page.locator(".site-menu .nav-link").evaluate_all(
        "links => links.map(link => [link.textContent.trim(), link.getBoundingClientRect().height])"
    )
    one_line = min(height for _label, height in heights)
    assert [label for label, height in heights if height > one_line * 1.5] == []


def test_lists_on_a_phone_are_cards_headed_by_their_key_column(
    page,
    log_in,
    objects,  # noqa: F811
    manager,
):
    # One change in the figures' history, so that list has a row too.
    subprogramme = Subprogramme.objects.filter(budget__biennium__start_year=2020).first()
    subprogramme.staff_cost += 1
    subprogramme.save()
    log_in(manager)
    page.set_viewport_size(PHONE)
    found = {}
    for name in LISTS:
        page.goto(url_of(name, objects))
        found[name] = (page.evaluate(FIRST_CELLS), page.evaluate(SIDEWAYS) <= 0)
    expected = {
        name: ([{"key": True, "labelled": True, "inside": True}] * len(tables), True)
        for name, (tables, _fits) in found.items()
    }
    assert all(tables for tables, _fits in found.values()), found  # each list has its rows
    assert found == expected
