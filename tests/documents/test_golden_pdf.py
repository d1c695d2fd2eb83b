"""The PDF of the shipped 2020–21 proposal reads as GB.337/PFA/3 (text extracted with pypdf)."""

import io
import re

import pypdf
import pytest
import typst

from .readers import pdf_page_count, pdf_text
from .seed import BULLET, normalise

pytestmark = pytest.mark.django_db

BODY = 10  # pt: body text is 11 pt; header, page numbers, footnotes and notes 9 pt


@pytest.fixture
def pdf(export_2020_21):
    return export_2020_21("pdf")


def _with_markers_spaced(text: str, seed) -> str:
    """Footnote markers as the seed's text has them: a number between two spaces."""
    for before, number, after in seed.footnote_anchors():
        pattern = rf"{re.escape(before)}\s*{number}\s*{re.escape(after)}"
        text = re.sub(pattern, f"{before} {number} {after}", text)
    return text


def _without_bullets(text: str) -> str:
    return normalise(text.replace(BULLET, " "))


def test_the_body_holds_the_seeds_31_numbered_paragraphs_in_order(pdf, seed):
    # Bullets are drawn small, so they are read apart from the body text.
    body = _without_bullets(_with_markers_spaced(pdf_text(pdf, min_size=BODY), seed))
    position = 0
    for paragraph in seed.paragraphs:
        expected = f"{paragraph.number}. {_without_bullets(paragraph.text)}"
        found = body.find(expected, position)
        assert found >= 0, f"paragraph {paragraph.number} is missing or out of order"
        position = found + len(expected)


def test_the_bullets_of_paragraph_9_are_printed(pdf, seed):
    small = pdf_text(pdf, max_size=BODY)
    assert small.count(BULLET) == len(seed.paragraph(9).bullets) == 4


def test_the_headings_and_the_title_block_are_printed(pdf, seed):
    body = pdf_text(pdf, min_size=BODY)
    for title in seed.sections:
        assert title in body
    for letter, heading in seed.headings.items():
        assert f"({letter}) {heading}" in body
    assert "Governing Body 337th Session, Geneva, 24 October–7 November 2019 GB.337/PFA/3" in body
    assert "Programme, Financial and Administrative Section" in body


def test_footnotes_are_printed_at_the_foot_of_their_pages(pdf, seed):
    small = "".join(pdf_text(pdf, max_size=BODY).split())
    for number, text in seed.footnotes.items():
        # Long web addresses wrap anywhere, so compare without any whitespace.
        assert f"{number}{''.join(text.split())}" in small


def test_the_running_header_and_page_numbers_are_on_every_page_but_the_first(pdf):
    pages = pdf_page_count(pdf)
    small = pdf_text(pdf, max_size=BODY)
    assert small.count("GB.337/PFA/3") == pages - 1
    for number in range(2, pages + 1):
        assert f" {number}" in small


def test_appendix_one_is_printed_figure_by_figure(pdf, seed):
    body = pdf_text(pdf, min_size=BODY)
    appendix = body[body.index("Appendix I Proposed income and expenses") :]
    assert seed.appendix_one_intro in appendix
    for header in seed.appendix_one_header:
        assert header in appendix
    for label, marker, figures in seed.appendix_one:
        assert normalise(f"{label}{marker} {' '.join(figures)}") in appendix
    notes = pdf_text(pdf, max_size=BODY)
    assert "1 Including interest, exchange/revaluation gains/losses, etc." in notes


def test_appendix_two_is_printed_figure_by_figure(pdf, seed):
    body = pdf_text(pdf, min_size=BODY)
    appendix = body[body.index("Appendix II") :]
    for label, figures in seed.appendix_two:
        assert f"{label} {' '.join(figures)}" in appendix
    for header in seed.appendix_two_header:
        assert header in appendix


def test_the_pdf_uses_only_fonts_embedded_in_the_typst_compiler(pdf):
    embedded = {
        family.replace(" ", "")
        for family in typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=True
        ).families()
    }
    used = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            # A subset's name: ABCDEF+LibertinusSerif-Regular-Identity-H
            used.add(str(font.get_object()["/BaseFont"]).split("+")[-1].split("-")[0])
    assert used and used <= embedded, used
