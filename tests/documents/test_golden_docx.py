"""The Word document of the shipped 2020–21 proposal reads as GB.337/PFA/3."""

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from .readers import (
    NUMBERED,
    docx_footnotes,
    docx_headings,
    docx_numbered_paragraphs,
    docx_table_rows,
    docx_text,
    open_docx,
)
from .seed import normalise

pytestmark = pytest.mark.django_db


@pytest.fixture
def word(export_2020_21):
    return open_docx(export_2020_21("docx"))


def test_the_numbered_paragraphs_are_the_seeds_31_in_order(word, seed):
    assert len(seed.paragraphs) == 31
    assert docx_numbered_paragraphs(word) == [p.text for p in seed.paragraphs]


def test_paragraphs_are_numbered_continuously_from_1_by_one_word_numbering(word):
    numbering = word.part.numbering_part.element
    style = word.styles[NUMBERED]
    num_id = style.element.pPr.numPr.numId.val
    num = next(
        n for n in numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)
    )
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.iterchildren(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    level = abstract.find(qn("w:lvl"))
    assert level.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "%1."
    assert level.find(qn("w:start")).get(qn("w:val")) == "1"
    numbered = [p for p in word.paragraphs if p.style.name == NUMBERED]
    assert len(numbered) == 31
    # No paragraph restarts or overrides the numbering: Word numbers them 1 to 31 in order.
    assert all(p._p.pPr.numPr is None for p in numbered)


def test_sections_and_lines_of_action_are_word_headings(word, seed):
    assert docx_headings(word, 1) == [*seed.sections, "Appendix I", "Appendix II"]
    assert docx_headings(word, 2) == [
        f"({letter}) {text}" for letter, text in seed.headings.items()
    ]


def test_footnotes_are_real_word_footnotes_at_their_markers(word, seed):
    assert docx_footnotes(word) == seed.footnotes
    references = [int(e.get(qn("w:id"))) for e in word.element.body.iter(qn("w:footnoteReference"))]
    assert references == [1, 2]
    # In the text, each marker sits where the seed has it (paragraphs 1 and 17).
    for before, number, after in seed.footnote_anchors():
        assert any(f"{before} {number} {after}" in p for p in docx_numbered_paragraphs(word))


def test_the_title_block_names_the_session_symbol_segment_and_title(word):
    opening = [normalise(docx_text(p)) for p in word.paragraphs[:6]]
    assert "Governing Body" in opening
    assert "337th Session, Geneva, 24 October–7 November 2019 GB.337/PFA/3" in opening
    assert "Programme, Financial and Administrative Section FOR DECISION" in opening
    assert "Original: English" in opening
    title = next(p for p in word.paragraphs if p.style.name == "Title")
    assert title.text == (
        "Programme and budget proposals for 2020–21 of the Inter-American Centre for "
        "Knowledge Development in Vocational Training (CINTERFOR)"
    )


def test_the_page_header_carries_the_document_symbol(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "GB.337/PFA/3"


def test_appendix_one_matches_the_seed_figure_by_figure(word, seed):
    rows = docx_table_rows(word.tables[0])
    header, body = rows[0], rows[1:]
    assert header == ["", *seed.appendix_one_header]
    assert len(body) == len(seed.appendix_one)
    for ours, (label, marker, figures) in zip(body, seed.appendix_one, strict=True):
        assert ours[0] == label + marker
        assert [cell for cell in ours[1:] if cell] == figures
    assert "Including interest, exchange/revaluation gains/losses, etc." in [
        normalise(p.text[1:]) for p in word.paragraphs if p.style.name == "Table Note"
    ]


def test_appendix_one_figures_are_right_aligned_and_the_marker_is_superscript(word):
    table = word.tables[0]
    for row in table.rows[1:]:
        for cell in row.cells[1:]:
            if cell.text:
                assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    miscellaneous = next(r for r in table.rows if r.cells[0].text.startswith("Miscellaneous"))
    marker = miscellaneous.cells[0].paragraphs[0].runs[-1]
    assert (marker.text, marker.font.superscript) == ("1", True)


def test_appendix_two_matches_the_seed_figure_by_figure(word, seed):
    rows = docx_table_rows(word.tables[1])
    assert rows[0] + rows[1][1:] == seed.appendix_two_header
    body = rows[2:]
    assert [(r[0], r[1:]) for r in body] == [
        (label, figures) for label, figures in seed.appendix_two
    ]
