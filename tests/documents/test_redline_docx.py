"""The Word redline: the 2022–23 draft with tracked changes against 2020–21, read back as XML."""

import dataclasses
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from budget.models import BudgetPhase, IncomeEstimate, IncomeLine
from documents.builder import build_document
from documents.models import ExportJob
from documents.renderers import docx_redline
from documents.services import produce
from programme import services
from programme.cycle import biennium_start
from programme.selectors import numbered_paragraphs
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
ADDED_SENTENCE = "A sentence added for 2022–23."


@pytest.fixture
def draft_2022_23(proposal_2020_21, manager, staff):
    """2022–23 started from the submitted 2020–21; staff add a sentence to paragraph 1 and the
    ILO contribution of the proposed budget goes up."""
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    draft = biennium_start(source=proposal_2020_21, start_year=2022, by=manager)
    paragraph = numbered_paragraphs(biennium=draft)[0].paragraph
    text = dict(paragraph.text)
    text["en"] = f"{text['en']} {ADDED_SENTENCE}"
    services.paragraph_update(
        paragraph=paragraph, by=staff, seen_version=paragraph.version, text=text
    )
    raised = IncomeEstimate.objects.filter(
        budget__biennium=draft, budget__phase=BudgetPhase.PROPOSED, line=IncomeLine.ILO
    ).update(amount=Decimal("2600000.00"))
    assert raised == 1
    return draft


def body_paragraphs(data: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return root.findall(".//w:body/w:p", NS)


def text_of(paragraph, tag: str = "t") -> str:
    return "".join(t.text or "" for t in paragraph.iterfind(f".//w:{tag}", NS))


def revisions(element) -> list:
    return element.findall(".//w:ins", NS) + element.findall(".//w:del", NS)


def redline(draft, source) -> bytes:
    return produce(biennium=draft, fmt="docx", compare_to=source, author="A. Manager").data


def test_a_changed_paragraph_holds_the_added_words_as_a_tracked_insertion(
    draft_2022_23, proposal_2020_21
):
    paragraphs = body_paragraphs(redline(draft_2022_23, proposal_2020_21))
    changed = [p for p in paragraphs if ADDED_SENTENCE in text_of(p)]
    assert len(changed) == 1
    insertions = changed[0].findall(".//w:ins", NS)
    assert ADDED_SENTENCE in "".join(text_of(i) for i in insertions)
    for mark in insertions:
        assert mark.get(f"{{{W}}}author") == "A. Manager"
        assert mark.get(f"{{{W}}}date", "").endswith("Z")


def test_unchanged_paragraphs_hold_no_revision_marks(draft_2022_23, proposal_2020_21):
    draft_texts = [p.paragraph.text["en"] for p in numbered_paragraphs(biennium=draft_2022_23)]
    paragraphs = body_paragraphs(redline(draft_2022_23, proposal_2020_21))
    numbered = [
        p
        for p in paragraphs
        if p.find("w:pPr/w:pStyle[@w:val='NumberedParagraph']", NS) is not None
    ]
    assert len(numbered) >= len(draft_texts) - 5
    clean = [p for p in numbered if not revisions(p)]
    # Most of the narrative is carried word for word; those paragraphs are written plainly.
    assert len(clean) > len(numbered) // 2
    # Paragraph 3 is carried unchanged: no w:ins or w:del anywhere inside it.
    third = numbered_paragraphs(biennium=proposal_2020_21)[2].paragraph.text["en"][:40]
    matching = [p for p in numbered if text_of(p).startswith(third[:30])]
    assert matching and not revisions(matching[0])


def test_a_changed_figure_is_deleted_and_inserted_in_its_table_cell(
    draft_2022_23, proposal_2020_21
):
    with zipfile.ZipFile(io.BytesIO(redline(draft_2022_23, proposal_2020_21))) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    appendix_one = root.findall(".//w:tbl", NS)[0]
    ilo = next(r for r in appendix_one.findall("w:tr", NS) if "ILO contribution" in text_of(r))
    proposed = ilo.findall("w:tc", NS)[3]
    assert text_of(proposed.find(".//w:ins", NS)) == "2\u00a0600\u00a0000"
    assert text_of(proposed.find(".//w:del", NS), "delText") == "2\u00a0462\u00a0895"


def test_a_redline_of_a_document_against_itself_marks_nothing(proposal_2020_21):
    document = build_document(proposal_2020_21)
    data = docx_redline.render(document, document, author="x", date=timezone.now())
    paragraphs = body_paragraphs(data)
    assert len(paragraphs) > 50
    assert all(not revisions(p) for p in paragraphs)


def test_the_command_writes_the_redline(draft_2022_23, proposal_2020_21, tmp_path):
    out = tmp_path / "redline.docx"
    call_command(
        "export_document", "2022-23", "--format", "docx", "--compare-to", "2020-21", "--out", out
    )
    paragraphs = body_paragraphs(out.read_bytes())
    assert any(ADDED_SENTENCE in text_of(i) for p in paragraphs for i in p.findall(".//w:ins", NS))


def test_the_exports_page_makes_the_redline_in_an_export_job(
    client, draft_2022_23, proposal_2020_21, manager, media, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    url = reverse("documents:exports", kwargs={"years": "2022-23"})
    page = client.get(url).content.decode()
    assert "Compare to (Word only)" in page and ">2020–21<" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"format": "docx", "language": "en", "compare_to": proposal_2020_21.pk}
        )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ExportJob.Status.DONE and job.compare_to == proposal_2020_21
    assert job.file_name.endswith("_changes-since-2020-21.docx")
    download = client.get(reverse("documents:job_download", kwargs={"pk": job.pk}))
    paragraphs = body_paragraphs(b"".join(download.streaming_content))
    assert any(ADDED_SENTENCE in text_of(i) for p in paragraphs for i in p.findall(".//w:ins", NS))


def test_a_redline_of_a_pdf_is_refused(client, draft_2022_23, proposal_2020_21, manager):
    client.force_login(manager)
    url = reverse("documents:exports", kwargs={"years": "2022-23"})
    response = client.post(
        url, {"format": "pdf", "language": "en", "compare_to": proposal_2020_21.pk}
    )
    assert response.status_code == 200
    assert "for the Word document only" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_title_and_a_removed_subprogramme_are_tracked(draft_2022_23, proposal_2020_21):
    from budget.models import Subprogramme

    last = Subprogramme.objects.filter(
        budget__biennium=draft_2022_23, budget__phase=BudgetPhase.PROPOSED
    ).order_by("-position")[0]
    name = last.name["en"]
    last.delete()
    with zipfile.ZipFile(io.BytesIO(redline(draft_2022_23, proposal_2020_21))) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    title = root.xpath("//w:body/w:p[w:pPr/w:pStyle/@w:val='Title']", namespaces=NS)[0]
    assert "2020" in text_of(title.find(".//w:del", NS), "delText")
    assert "2022" in text_of(title.find(".//w:ins", NS))
    appendix_two = root.findall(".//w:tbl", NS)[1]
    removed = [r for r in appendix_two.findall("w:tr", NS) if name in text_of(r, "delText")]
    assert len(removed) == 1
    assert removed[0].find("w:trPr/w:del", NS) is not None
    assert text_of(removed[0]) == ""  # nothing of it is left as live text


def test_a_changed_footnote_is_tracked_in_the_footnotes_part(draft_2022_23, proposal_2020_21):
    from programme.models import Footnote

    footnote = Footnote.objects.filter(paragraph__section__biennium=draft_2022_23).first() or (
        Footnote.objects.filter(paragraph__line_of_action__biennium=draft_2022_23).first()
    )
    services.footnote_update(
        footnote=footnote,
        by=staff_user(),
        seen_version=footnote.version,
        text={**footnote.text, "en": f"{footnote.text['en']} Updated for 2022–23."},
    )
    data = redline(draft_2022_23, proposal_2020_21)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    marked = [n for n in notes.findall("w:footnote", NS) if revisions(n)]
    assert len(marked) == 1
    assert "Updated for 2022–23." in "".join(text_of(i) for i in marked[0].findall(".//w:ins", NS))
    assert len(notes.findall("w:footnote", NS)) > 3


def test_a_section_only_the_older_state_has_is_written_deleted(proposal_2020_21):
    document = build_document(proposal_2020_21)
    dropped = document.sections[1]
    newer = dataclasses.replace(
        document, sections=tuple(s for s in document.sections if s is not dropped)
    )
    data = docx_redline.render(document, newer, author="x", date=timezone.now())
    deleted = [p for p in body_paragraphs(data) if p.find("w:pPr/w:rPr/w:del", NS) is not None]
    assert dropped.title in [text_of(p, "delText") for p in deleted]
    assert all(text_of(p) == "" for p in deleted)


def test_headings_keep_their_tab_as_a_word_tab(draft_2022_23, proposal_2020_21):
    with zipfile.ZipFile(io.BytesIO(redline(draft_2022_23, proposal_2020_21))) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    headings = root.xpath("//w:p[w:pPr/w:pStyle/@w:val='Heading2']", namespaces=NS)
    assert headings
    assert all(h.find(".//w:tab", NS) is not None for h in headings)
    assert not [t.text for t in root.iterfind(".//w:t", NS) if "\t" in (t.text or "")]
