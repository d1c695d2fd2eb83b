"""Each role's main task, done in a real browser the way its people do it.

The tests act only through the pages (links, labels, buttons) and assert on what a user sees;
the ORM only sets up the users and double-checks what ended up in the database.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from budget.models import Contribution
from programme.models import Activity, Biennium

# The live server sees only committed data, so these tests commit (and empty the database).
pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

READ_ONLY = "The 2020–21 proposal is submitted, so it is read-only."
LINE_A_ACTIVITIES = "Activities of line of action (a), in order"


def row(scope, header: str):
    """The table row whose row header reads exactly `header`."""
    page = scope if isinstance(scope, Page) else scope.page
    return scope.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=header, exact=True)
    )


def field(page: Page, role: str, label: str):
    """A form field by its label, as shown: a required field's label ends in an asterisk."""
    return page.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\*?$"))


def tab(page: Page, label: str):
    """One of the biennium's tabs (a sub-navigation may repeat the label)."""
    return page.get_by_role("navigation", name="Pages of 2020–21").get_by_role(
        "link", name=label, exact=True
    )


def open_biennium(page: Page) -> None:
    page.get_by_role("link", name="2020–21", exact=True).click()
    expect(tab(page, "Dashboard")).to_be_visible()


def open_first_activity_of_line_a(page: Page) -> str:
    """From a biennium page: Programme → line (a) → its first activity. Returns its title."""
    tab(page, "Programme").click()
    expect(page.get_by_role("heading", name="Lines of action", exact=True)).to_be_visible()
    row(page, "(a)").get_by_role("link").click()
    first = page.get_by_role("table", name=LINE_A_ACTIVITIES).get_by_role("link").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return title


def full_name(user) -> str:
    return user.get_full_name() or user.username


def submit_saying_why_findings_stand(page) -> None:
    """From the status page: confirm the submission, saying why each open finding stands
    (the shipped proposal's paragraph 26 states 26 per cent where the data give 25.4)."""
    page.get_by_role("link", name="Submit the proposal…").click()
    for reason in (
        page.get_by_role("list").filter(has=page.locator("textarea")).locator("textarea").all()
    ):
        reason.fill("As in the source text.")
    page.get_by_role("button", name="Submit the proposal").click()


def activity_at(url: str) -> Activity:
    """The activity whose page is at `url` (…/activities/<pk>/), to check the database."""
    return Activity.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))


def test_programme_staff_edits_an_activity_and_sees_it_in_the_history(
    page, log_in, proposal_2020_21, staff
):
    log_in(staff)
    open_biennium(page)
    old_title = open_first_activity_of_line_a(page)
    activity_url = page.url
    new_title = "Research on synchronizing training with productive development"

    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit “{old_title}”")
    title = page.get_by_role("group", name="Title").get_by_role("textbox", name="English")
    expect(title).to_have_value(old_title)
    title.fill(new_title)
    page.get_by_label("Status").select_option(label="Under way")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(activity_url)
    expect(page.get_by_role("alert")).to_contain_text(f"The activity “{new_title}” is saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(new_title)
    expect(page.get_by_role("definition").filter(has_text="Under way")).to_be_visible()

    history = page.get_by_role("region", name="History")
    change = history.get_by_role("row").filter(has_text=full_name(staff))
    expect(change).to_have_count(1)
    # The whole title, with only the words taken out marked; the status, old and new.
    expect(change).to_contain_text("Title:")
    expect(
        change.get_by_role("deletion").filter(has_text="and information sharing")
    ).to_be_visible()
    expect(change.get_by_role("deletion").filter(has_text="Planned")).to_be_visible()
    expect(change.get_by_role("insertion").filter(has_text="Under way")).to_be_visible()

    activity = activity_at(activity_url)
    assert activity.title["en"] == new_title
    assert activity.status == Activity.Status.ONGOING
    assert activity.history.latest("history_date").history_user == staff


def test_finance_records_a_contribution_and_sees_it_received_against_the_forecast(
    page, log_in, proposal_2020_21, finance
):
    line = "Contributions from other countries in the region"
    log_in(finance)
    open_biennium(page)

    tab(page, "Received against forecast").click()
    by_line = page.get_by_role("table", name="By income line")
    before = row(by_line, line).get_by_role("cell")
    # Proposed budget, received, difference, received (%).
    expect(before).to_have_text(["500,000", "0.00", "-500,000.00", "0.0 %"])

    tab(page, "Contributions").click()
    page.get_by_role("link", name="Record a contribution").click()
    # Until the page has loaded, the picker is still the plain select it enhances: text typed
    # then went to the select (seen once in CI, on a loaded machine).
    page.wait_for_url(re.compile(r"/contributions/new/$"))
    field(page, "combobox", "Payer").select_option(label="Member institution")
    # The institution is searched, as the register is too long to list: type, then pick.
    field(page, "combobox", "Member institution").press_sequentially("INA")
    page.get_by_role("option", name=re.compile(r"^INA \(CR\) – ")).click()
    field(page, "combobox", "Stage").select_option(label="Received (incoming funds)")
    field(page, "textbox", "Date").fill("2020-03-16")
    field(page, "combobox", "Income line").select_option(label=line)
    field(page, "textbox", "Amount in the currency paid").fill("25000")
    field(page, "textbox", "Currency").fill("USD")
    field(page, "textbox", "US dollar value at that date").fill("25000")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("The contribution is recorded.")
    recorded = page.get_by_role("row").filter(has_text="2020-03-16")
    expect(recorded).to_contain_text("INA")
    expect(recorded).to_contain_text("25,000.00 USD")

    tab(page, "Received against forecast").click()
    after = row(page.get_by_role("table", name="By income line"), line).get_by_role("cell")
    expect(after).to_have_text(["500,000", "25,000.00", "-475,000.00", "5.0 %"])
    total = row(page.get_by_role("table", name="By income line"), "Total income")
    expect(total.get_by_role("cell")).to_have_text(
        ["3,387,895", "25,000.00", "-3,362,895.00", "0.7 %"]
    )

    contribution = Contribution.objects.get()
    assert contribution.biennium == proposal_2020_21
    assert contribution.institution.acronym == "INA"
    assert contribution.stage == Contribution.Stage.RECEIVED
    assert contribution.amount == contribution.amount_usd == Decimal("25000")
    assert contribution.income_line == "other_countries"
    assert contribution.history.get().history_user == finance


def test_a_manager_checks_the_appendices_and_submits_then_staff_cannot_edit(
    page, log_in, proposal_2020_21, manager, staff
):
    log_in(manager)
    open_biennium(page)
    tab(page, "Appendices").click()

    one = page.get_by_role("table", name="Appendix I:")
    # 2018–19 approved, 2018–19 anticipated, 2020–21 proposed, change.
    expect(row(one, "Total income").get_by_role("cell")).to_have_text(
        ["3,317,303", "3,567,303", "3,387,895", "70,592"]
    )
    expect(row(one, "D. Total expenditure").get_by_role("cell").nth(2)).to_have_text("3,733,200")
    two = page.get_by_role("table", name="Appendix II:")
    expect(row(two, "2020–21 proposals").get_by_role("cell").last).to_have_text("3,733,200")

    tab(page, "Status").click()
    submit_saying_why_findings_stand(page)
    expect(page.get_by_role("alert")).to_contain_text(
        "The 2020–21 proposal is submitted; it is now read-only."
    )
    expect(page.get_by_role("status").filter(has_text=READ_ONLY)).to_be_visible()
    expect(page.get_by_role("link", name="Submit the proposal…")).to_have_count(0)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    log_in(staff)
    open_biennium(page)
    title = open_first_activity_of_line_a(page)
    activity_url = page.url
    activity = activity_at(activity_url)
    records = activity.history.count()

    expect(page.get_by_role("status").filter(has_text=READ_ONLY)).to_be_visible()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Delete", exact=True)).to_have_count(0)

    # Typing the edit address gets the reason and the activity page, not a form.
    page.goto(f"{activity_url}edit/")
    expect(page).to_have_url(activity_url)
    expect(page.get_by_role("alert")).to_contain_text(
        "The 2020–21 proposal is submitted and read-only."
    )
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    proposal_2020_21.refresh_from_db()
    assert proposal_2020_21.status == Biennium.Status.SUBMITTED
    assert proposal_2020_21.submitted_by == manager
    activity.refresh_from_db()
    assert activity.title["en"] == title
    assert activity.version == 1
    assert activity.history.count() == records


def test_an_edit_form_left_open_cannot_save_once_the_proposal_is_submitted(
    browser, live_server, page, log_in, proposal_2020_21, manager, staff
):
    log_in(staff)
    open_biennium(page)
    title = open_first_activity_of_line_a(page)
    activity_url = page.url
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_role("group", name="Title").get_by_role("textbox", name="English").fill("Too late")

    # Meanwhile, in another browser, a manager submits the proposal.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        other = context.new_page()
        other.goto("/login/")
        other.get_by_label("Username").fill(manager.username)
        other.get_by_label("Password").fill("a-long-test-password")
        other.get_by_role("button", name="Log in").click()
        open_biennium(other)
        tab(other, "Status").click()
        submit_saying_why_findings_stand(other)
        expect(other.get_by_role("alert")).to_contain_text("it is now read-only")
    finally:
        context.close()

    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(activity_url)
    expect(page.get_by_role("alert")).to_contain_text(
        "The 2020–21 proposal is submitted and read-only."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    activity = activity_at(activity_url)
    assert activity.title["en"] == title
    assert activity.version == 1
