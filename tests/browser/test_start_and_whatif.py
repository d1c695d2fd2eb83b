"""Issue 8 in a real browser: a manager starts 2022–23 from 2020–21, compares it with 2020–21
and downloads the Word redline; finance tries a what-if."""

import re
import zipfile

import pytest
from lxml import etree
from playwright.sync_api import expect

from programme import services
from programme.cycle import biennium_start
from programme.models import Biennium
from programme.selectors import numbered_paragraphs

ADDED_SENTENCE = "A sentence added for 2022–23."
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

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


def test_a_manager_compares_2022_23_with_2020_21_and_downloads_the_redline(
    page, log_in, proposal_2020_21, manager, staff, media, tmp_path
):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    draft = biennium_start(source=proposal_2020_21, start_year=2022, by=manager)
    paragraph = numbered_paragraphs(biennium=draft)[0].paragraph
    services.paragraph_update(
        paragraph=paragraph,
        by=staff,
        seen_version=paragraph.version,
        text={**paragraph.text, "en": f"{paragraph.text['en']} {ADDED_SENTENCE}"},
    )
    log_in(manager)
    page.goto("/bienniums/2022-23/status/")
    page.get_by_role("link", name="Compare versions").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compare versions of the 2022–23 proposal"
    )
    expect(page.locator("ins", has_text=ADDED_SENTENCE)).to_be_visible()
    page.goto("/bienniums/2022-23/exports/")
    page.get_by_label("Word document (DOCX)").check()
    page.get_by_label("Compare to (Word only)").select_option(label="2020–21")
    page.get_by_role("button", name="Start the export").click()
    page.wait_for_url("**/exports/*/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download")).click()
    assert download.value.suggested_filename.endswith("_changes-since-2020-21.docx")
    path = tmp_path / "redline.docx"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    inserted = "".join(t.text or "" for t in body.iterfind(".//w:ins//w:t", {"w": W}))
    assert ADDED_SENTENCE in inserted
