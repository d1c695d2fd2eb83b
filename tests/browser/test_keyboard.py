"""The main tasks by keyboard alone: Tab moves, Enter follows a link or presses a button.

The test reads where the focus is (as a screen reader would say it) but acts only through the
keyboard: no clicks, no filling fields by script.
"""

import pytest
from playwright.sync_api import Page, expect

from programme.models import Paragraph

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

ADDED = " Keyboard users can edit this paragraph."


def tab_to(page: Page, is_there: str, limit: int = 250) -> None:
    """Press Tab until the focused element satisfies the JavaScript predicate `is_there(el)`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {is_there}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {is_there}")


def link_named(text: str) -> str:
    return f"el.tagName === 'A' && el.textContent.trim() === {text!r}"


def test_staff_edit_a_paragraph_by_keyboard_alone(page, log_in, proposal_2020_21, staff):
    log_in(staff)
    page.goto("/bienniums/2020-21/")

    # The skip link comes first, then the menu: Programme, then line (a) from its table.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    tab_to(page, link_named("Programme"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Lines of action", exact=True)).to_be_visible()
    tab_to(
        page,
        "el.tagName === 'A' && el.closest('tr') && el.closest('tr').textContent.includes('(a)')",
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url("/bienniums/2020-21/programme/lines/a/")

    tab_to(page, link_named("Edit text"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit paragraph")

    tab_to(page, "el.tagName === 'TEXTAREA' && el.lang === 'en'")
    page.keyboard.press("Control+End")
    page.keyboard.type(ADDED)
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Save'")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("The paragraph is saved.")
    # In the paragraph as it reads now (the history below shows the added words too).
    expect(page.locator("[id^=paragraph-]").get_by_text(ADDED.strip())).to_be_visible()
    paragraphs = Paragraph.objects.filter(line_of_action__biennium=proposal_2020_21)
    (edited,) = [p for p in paragraphs if ADDED.strip() in p.text["en"]]
    assert edited.text["en"].endswith(ADDED)
    assert edited.history.latest("history_date").history_user == staff


def test_the_focus_is_always_visible(page, log_in, proposal_2020_21, staff):
    """Each element Tab reaches on a line page draws an outline or a ring around it."""
    log_in(staff)
    page.goto("/bienniums/2020-21/programme/lines/a/")
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
        )
        outline, width, shadow = style
        assert (outline != "none" and width != "0px") or shadow != "none", style
