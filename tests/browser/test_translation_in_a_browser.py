"""Issue 11 in a real browser: a translator opens an outdated paragraph, sees what changed in
the source, saves the translation, and Spanish is more complete."""

import re

import pytest
from playwright.sync_api import expect

from programme import services as programme_services
from tests.translations.helpers import key_and_digest, paragraph_saying, translated_keeping_codes
from translations import services

# The live server sees only committed data, so these tests commit (and empty the database).
pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

NETWORK = "cooperation and knowledge management network"


def spanish_row(page, name: str):
    return page.get_by_role("table", name="How complete the Spanish translation is").get_by_role(
        "row", name=name
    )


def test_a_translator_updates_an_outdated_paragraph(page, log_in, proposal_2020_21, staff):
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    key, source_digest = key_and_digest(proposal_2020_21, paragraph)
    services.translation_save(
        biennium=proposal_2020_21,
        key=key,
        language="es",
        text=translated_keeping_codes(paragraph.text["en"], "Una red"),
        by=staff,
        seen_version=0,
        seen_source_digest=source_digest,
    )
    programme_services.paragraph_update(
        paragraph=paragraph,
        by=staff,
        seen_version=paragraph.version,
        text={"en": paragraph.text["en"].replace("actively and effectively", "decisively")},
    )
    log_in(staff)
    page.goto("/bienniums/2020-21/translations/")
    paragraphs = spanish_row(page, "Paragraphs")
    expect(paragraphs.get_by_role("cell").nth(1)).to_have_text("0")  # up to date
    expect(paragraphs.get_by_role("cell").nth(2)).to_have_text("1")  # outdated

    page.get_by_role("link", name="Spanish texts").click()
    page.get_by_label("Status").select_option("outdated")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=key).click()
    changes = page.locator(".source-diff")
    # Struck out and underlined, and said aloud: the markers are there for screen readers.
    deleted, inserted = changes.get_by_role("deletion"), changes.get_by_role("insertion")
    expect(deleted).to_have_text(re.compile(r"^\[deleted: actively and effectively ?\] ?$"))
    expect(inserted).to_have_text(re.compile(r"^\[inserted: decisively ?\] ?$"))

    page.get_by_role("textbox", name="Translation").fill(
        translated_keeping_codes(paragraph.text["en"], "Una red decidida")
    )
    page.get_by_role("button", name="Save the translation").click()
    expect(page.get_by_text("The translation was saved.")).to_be_visible()
    expect(page.locator(".translation-status")).to_have_text("Up to date")

    page.goto("/bienniums/2020-21/translations/")
    paragraphs = spanish_row(page, "Paragraphs")
    expect(paragraphs.get_by_role("cell").nth(1)).to_have_text("1")
    expect(paragraphs.get_by_role("cell").nth(2)).to_have_text("0")
