"""The document in Spanish or French: each text in that language where it is translated, else
in the original, tagged with the language it is written in; figures and dates written as the
text's own language writes them; the first page says when the translation is a draft or an
unofficial working one."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from docx.oxml.ns import qn

from documents.builder import build_document

from .readers import open_docx, pdf_text

SPANISH = Path(settings.BASE_DIR) / "data" / "translations" / "proposal-2020-21.es.json"

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(proposal_2020_21, manager):
    call_command("import_xliff", "2020-21", str(SPANISH), "--by", manager.username, verbosity=0)
    return proposal_2020_21


def run_languages(docx_bytes: bytes) -> dict[str, set[str]]:
    """Each numbered paragraph's text → the languages its runs are tagged with."""
    document = open_docx(docx_bytes)
    tagged = {}
    for paragraph in document.paragraphs:
        if paragraph.style.name != "Numbered Paragraph":
            continue
        langs = {
            lang.get(qn("w:val"))
            for run in paragraph._p.iter(qn("w:r"))
            for lang in run.iter(qn("w:lang"))
        }
        tagged[paragraph.text[:40]] = langs
    return tagged


def test_the_spanish_document_reads_in_spanish_with_spanish_dates(spanish, export_2020_21):
    model = build_document(spanish, "es")
    assert model.sections[0].title == "Introducción"
    assert all(not p.language for p in model.numbered_paragraphs())
    body = pdf_text(export_2020_21("pdf", language="es"), min_size=10)
    assert "entre el 1 de enero de 2020 y el 31 de diciembre de 2021" in body
    assert "3 387 895 dólares de los Estados Unidos" in body
    assert "January" not in body


def test_a_working_translation_says_so_on_the_first_page(spanish, export_2020_21):
    assert build_document(spanish, "es").notice.startswith("Traducción de trabajo no oficial")
    assert "Traducción de trabajo no oficial" in pdf_text(export_2020_21("pdf", language="es"))


def test_untranslated_text_is_printed_in_the_original_tagged_as_such(
    proposal_2020_21, export_2020_21
):
    model = build_document(proposal_2020_21, "fr")
    assert {p.language for p in model.numbered_paragraphs()} == {"en"}
    assert model.notice.startswith("Traduction provisoire")
    budget = next(p for p in model.numbered_paragraphs() if "Appendix I presents" in str(p.parts))
    text = "".join(run.text for part in budget.parts for run in part.runs)
    assert "from 1 January 2020 to 31 December 2021" in text  # not "1er janvier 2020"
    assert "US$3,387,895" in text  # as English writes it, in the English text
    languages = run_languages(export_2020_21("docx", language="fr"))
    assert languages and all(tags == {"en-GB"} for tags in languages.values())


def test_a_translated_document_tags_no_text_with_another_language(spanish, export_2020_21):
    languages = run_languages(export_2020_21("docx", language="es"))
    assert languages and all(not tags for tags in languages.values())


def test_the_english_document_is_unchanged_by_translations(spanish):
    model = build_document(spanish, "en")
    assert model.notice == ""
    assert model.sections[0].title == "Introduction"
    assert all(not p.language for p in model.numbered_paragraphs())
