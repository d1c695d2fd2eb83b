"""The first page frames the document as a Governing Body document: its date, the language it
was written in and what the Governing Body is asked to do, in every format."""

import datetime

import pytest

from documents.builder import build_document
from programme.models import Biennium

from .readers import open_docx, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def framed(proposal_2020_21):
    Biennium.objects.filter(pk=proposal_2020_21.pk).update(
        document_date=datetime.date(2019, 9, 27), purpose=Biennium.Purpose.DECISION
    )
    proposal_2020_21.refresh_from_db()
    return proposal_2020_21


def first_page_lines(docx_bytes: bytes) -> list[str]:
    document = open_docx(docx_bytes)
    lines = []
    for paragraph in document.paragraphs[:8]:
        lines.extend(part.strip() for part in paragraph.text.split("\n") if part.strip())
    return lines


def test_the_word_document_prints_date_original_and_purpose(framed, export_2020_21):
    lines = first_page_lines(export_2020_21("docx"))
    assert "Date: 27 September 2019" in lines
    assert "Original: English" in lines
    assert any(line.endswith("\tFOR DECISION") for line in lines), lines


def test_the_pdf_prints_date_original_and_purpose(framed, export_2020_21):
    text = pdf_text(export_2020_21("pdf"))
    assert "Date: 27 September 2019" in text
    assert "Original: English" in text
    assert "FOR DECISION" in text
    assert text.index("GB.337/PFA/3") < text.index("Date: 27 September 2019")


def test_an_unset_date_and_purpose_print_nothing(proposal_2020_21):
    Biennium.objects.filter(pk=proposal_2020_21.pk).update(document_date=None, purpose="")
    proposal_2020_21.refresh_from_db()
    block = build_document(proposal_2020_21).title_block
    assert (block.date, block.purpose) == ("", "")
    assert block.original == "Original: English"


@pytest.mark.parametrize(
    ("language", "date", "original", "purpose"),
    [
        ("es", "Fecha: 27 de septiembre de 2019", "Original: inglés", "Para decisión"),
        ("fr", "Date\u00a0: 27 septembre 2019", "Original\u00a0: anglais", "Pour décision"),
    ],
)
def test_the_frame_speaks_the_documents_language(framed, language, date, original, purpose):
    block = build_document(framed, language).title_block
    assert (block.date, block.original, block.purpose) == (date, original, purpose)


def test_the_workbook_prints_symbol_date_and_original_in_its_page_header(framed, export_2020_21):
    from .readers import open_xlsx

    header = open_xlsx(export_2020_21("xlsx"))["Appendix I"].oddHeader
    assert "GB.337/PFA/3" in header.left.text
    assert header.right.text == "Date: 27 September 2019  Original: English"
