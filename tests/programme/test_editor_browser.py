"""The figure chips in a real browser: atomic in the text, inserted at the cursor, saved bound
to the data; the editor, the paragraph page with restore buttons and the deleted activities
pass axe's WCAG 2.1 AA rules."""

import pytest
from playwright.sync_api import expect

from programme import services
from programme.models import Activity, Paragraph
from tests.browser.axe import violations_on

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

SHARE = "[[network.agreements_share_percent|26]]"


@pytest.fixture
def paragraph(proposal_2020_21, settings) -> Paragraph:
    settings.PROGRAMME_FIGURE_SOURCE = "budget.figures.figures_for"
    (found,) = [
        p
        for p in Paragraph.objects.filter(section__biennium=proposal_2020_21)
        if SHARE in p.text["en"]
    ]
    return found


def test_a_chip_is_one_character_and_the_picker_inserts_at_the_cursor(
    page, log_in, paragraph, staff
):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(staff)
    page.goto(f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/edit/")
    assert violations_on(page) == []
    english = page.locator('textarea[name="text_en"]')
    text = english.input_value()
    chip_end = text.index("⟧ per cent") + 1
    chip_start = text.rindex("⟦", 0, chip_end)

    english.click()
    english.evaluate("(area, at) => area.setSelectionRange(at, at)", chip_end)
    page.keyboard.press("Backspace")  # selects the chip whole, deletes nothing
    selected = english.evaluate("area => [area.selectionStart, area.selectionEnd]")
    assert selected == [chip_start, chip_end] and english.input_value() == text
    english.evaluate("(area, at) => area.setSelectionRange(at, at)", chip_end)
    page.keyboard.press("ArrowLeft")  # steps over the chip
    assert english.evaluate("area => area.selectionStart") == chip_start

    page.keyboard.press("Control+Home")  # the cursor at the start of the text, then the picker
    page.get_by_label("Insert a figure").select_option("network.countries")
    page.get_by_role("button", name="Insert the figure").click()
    expect(page.locator("[data-inserted-language]")).to_have_count(1)
    inserted = english.input_value()
    assert inserted.startswith("⟦") and inserted.index("⟧") < 4
    assert english.evaluate("area => area.selectionStart") == inserted.index("⟧") + 1
    assert page.get_by_role("row", name="Countries in the network").count() == 1

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The paragraph is saved.")).to_be_visible()
    paragraph.refresh_from_db()
    assert paragraph.text["en"].startswith("[[network.countries]]")
    assert errors == []  # no script refused by the Content-Security-Policy, no script error


def test_deleting_a_chip_ticks_remove_and_saving_removes_the_figure(page, log_in, paragraph, staff):
    log_in(staff)
    page.goto(f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/edit/")
    english = page.locator('textarea[name="text_en"]')
    chip_end = english.input_value().index("⟧ per cent") + 1
    english.click()
    english.evaluate("(area, at) => area.setSelectionRange(at, at)", chip_end)
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    row = page.locator("tr", has_text="Share of member institutions")
    expect(row.get_by_label("Remove the figure")).to_be_checked()

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The paragraph is saved.")).to_be_visible()
    paragraph.refresh_from_db()
    assert "agreements_share_percent" not in paragraph.text["en"]


def test_history_and_deleted_pages_pass_axe(page, log_in, paragraph, staff, proposal_2020_21):
    services.paragraph_update(
        paragraph=paragraph,
        by=staff,
        seen_version=paragraph.version,
        text={**paragraph.text, "en": paragraph.text["en"] + " A closing sentence."},
    )
    activity = Activity.objects.filter(line_of_action__biennium=proposal_2020_21).first()
    services.activity_delete(activity=activity, by=staff, seen_version=activity.version)
    log_in(staff)
    page.goto(f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/")
    expect(page.get_by_role("button", name="Restore this version")).to_have_count(1)
    assert violations_on(page) == []
    page.goto("/bienniums/2020-21/programme/activities/deleted/")
    expect(page.get_by_role("button", name="Restore")).to_have_count(1)
    assert violations_on(page) == []
