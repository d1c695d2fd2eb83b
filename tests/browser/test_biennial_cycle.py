"""Issue 8's whole cycle in one real browser, each role at its own pages: a manager starts
2022–23 from the approved 2020–21 and leaves a review note, finance enters the 2020–21
anticipated column (A follows its E), staff change the paragraph and resolve the note, and the
manager compares 2022–23 with 2020–21 and downloads the Word redline.

(tests/browser/test_start_and_whatif.py covers the start preview, the what-if and the compare
page on their own; this test walks them in order, as the proposal's people would.)
"""

import zipfile
from decimal import Decimal

import pytest
from lxml import etree
from playwright.sync_api import expect

from budget.appendices import Column, appendices
from budget.models import IncomeLine
from programme.models import Biennium
from programme.services import biennium_submit
from review.models import ReviewNote
from review.services import proposal_approve

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

PARAGRAPH = 24
ADDED_SENTENCE = "The results of the previous biennium are reported in Appendix III."
NOTE = "Say where the 2020–21 results are reported."
REPLY = "Added a sentence pointing to Appendix III."
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# The 2020–21 anticipated column as finance enters it: A, each income line, D.
ANTICIPATED_A, ANTICIPATED_INCOME, ANTICIPATED_D = 1189434, 500000, 3600000


def switch_to(page, log_in, user):
    page.context.clear_cookies()
    log_in(user)


def test_a_manager_takes_2020_21_to_a_compared_2022_23_draft_in_the_browser(
    page, log_in, proposal_2020_21, manager, second_manager, finance, staff, media, tmp_path
):
    biennium_submit(biennium=proposal_2020_21, by=manager)
    proposal_approve(biennium=proposal_2020_21, by=second_manager)

    # The manager starts 2022–23 and leaves a note on a paragraph.
    log_in(manager)
    page.goto("/bienniums/2020-21/status/start-next/")
    page.get_by_role("button", name="Start 2022–23").click()
    page.wait_for_url("**/bienniums/2022-23/status/")
    page.goto(f"/bienniums/2022-23/programme/paragraphs/{PARAGRAPH}/")
    page.get_by_role("link", name="Leave a review note").click()
    page.get_by_label("Note").fill(NOTE)
    page.get_by_role("button", name="Leave the note").click()
    expect(page.get_by_text("The note is left")).to_be_visible()

    # Finance enters the 2020–21 anticipated column on 2022–23's figures page.
    switch_to(page, log_in, finance)
    page.goto("/bienniums/2022-23/budget/figures/")
    proposed_a = page.locator('td[data-column="proposed"][data-row="brought_forward"]')
    expect(proposed_a.locator("input")).to_have_count(1)  # no anticipated column yet
    column = "previous_anticipated"
    page.locator(f'[name="{column}-brought_forward"]').fill(str(ANTICIPATED_A))
    for line in IncomeLine.values:
        page.locator(f'[name="{column}-income_{line}"]').fill(str(ANTICIPATED_INCOME))
    page.locator(f'[name="{column}-expenditure"]').fill(str(ANTICIPATED_D))
    page.get_by_role("button", name="Save the figures").click()
    expect(page.get_by_text("The figures are saved")).to_be_visible()
    e = ANTICIPATED_A + len(IncomeLine.values) * ANTICIPATED_INCOME - ANTICIPATED_D
    expect(proposed_a.locator("input")).to_have_count(0)
    expect(proposed_a).to_contain_text(f"{e:,}")
    expect(proposed_a).to_contain_text("= E of 2020–21 anticipated")
    draft = Biennium.objects.get(start_year=2022)
    one = appendices(draft)[0]
    assert one.column(Column.PROPOSED).brought_forward == Decimal(e)
    assert one.column(Column.PREVIOUS_ANTICIPATED).carried_forward == Decimal(e)

    # Programme staff change the paragraph and resolve the note on it.
    switch_to(page, log_in, staff)
    page.goto(f"/bienniums/2022-23/programme/paragraphs/{PARAGRAPH}/edit/")
    english = page.locator('textarea[name="text_en"]')
    english.fill(f"{english.input_value()} {ADDED_SENTENCE}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The paragraph is saved.")).to_be_visible()
    page.goto(f"/bienniums/2022-23/programme/paragraphs/{PARAGRAPH}/")
    expect(page.locator("#open-review-notes")).to_contain_text(NOTE)
    page.locator("#open-review-notes").get_by_role("link", name="Reply and resolve").click()
    page.get_by_label("Your reply (it resolves the note)").fill(REPLY)
    page.get_by_role("button", name="Reply and resolve").click()
    expect(page.get_by_text("The note is resolved with your reply.")).to_be_visible()
    assert not ReviewNote.objects.filter(biennium=draft, resolved_at__isnull=True).exists()

    # The manager compares 2022–23 with 2020–21 and downloads the redline.
    switch_to(page, log_in, manager)
    page.goto("/bienniums/2022-23/status/")
    page.get_by_role("link", name="Compare versions").first.click()
    expect(page.locator("ins", has_text=ADDED_SENTENCE)).to_be_visible()
    page.goto("/bienniums/2022-23/exports/")
    page.get_by_label("Word document (DOCX)").check()
    page.get_by_label("Compare to (Word only)").select_option(label="2020–21")
    page.get_by_role("button", name="Start the export").click()
    page.wait_for_url("**/exports/*/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").first.click()
    path = tmp_path / "redline.docx"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    namespaces = {"w": W}
    assert body.find(".//w:ins", namespaces) is not None
    inserted = "".join(t.text or "" for t in body.iterfind(".//w:ins//w:t", namespaces))
    assert ADDED_SENTENCE in inserted
