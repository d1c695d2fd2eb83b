"""Text that looks like markup in any of the formats comes out as the text it is."""

import pytest
from docx.oxml.ns import qn

from budget.models import Budget, BudgetPhase
from documents.renderers.pdf import typst_string
from programme.models import Footnote, Paragraph, Section

from .readers import docx_footnotes, docx_numbered_paragraphs, open_docx, open_xlsx, pdf_text
from .seed import normalise

pytestmark = pytest.mark.django_db

HOSTILE = (
    'Tags <script>alert("x")</script> {{ request.user }} {% csrf_token %} '
    '#import "@preview/cetz:0.3.0": * #read("/etc/passwd") #image("https://example.org/x.png") '
    "*bold* _em_ $x^2$ @ref <label> = heading \\ back `raw` ~ ] [ "
    "</w:t></w:r><w:r><w:t>injected</w:t> &amp; & ]]> 'single' \"double\""
)
FORMULA = '=HYPERLINK("https://example.org","click")'


def squeeze(text: str) -> str:
    """Text without any whitespace: PDF lines break anywhere in long runs of symbols."""
    return "".join(text.split())


@pytest.fixture
def hostile_proposal(proposal_2020_21):
    """Paragraph 2, a footnote, a section title and a subprogramme hold markup-like text."""
    paragraph = Paragraph.objects.get(
        section__biennium=proposal_2020_21, section__kind="introduction", position=2
    )
    paragraph.text = {"en": HOSTILE}
    paragraph.save()
    note = Footnote.objects.get(paragraph__section__biennium=proposal_2020_21, key="panama")
    note.text = {"en": f"Note: {HOSTILE}"}
    note.save()
    Section.objects.filter(biennium=proposal_2020_21, kind="budget").update(
        title={"en": '#set page(fill: red) "Budget"'}
    )
    budget = Budget.objects.get(biennium=proposal_2020_21, phase=BudgetPhase.PROPOSED)
    budget.subprogrammes.filter(
        position=budget.subprogrammes.order_by("position")[0].position
    ).update(name={"en": FORMULA})
    return proposal_2020_21


def test_docx_keeps_markup_as_text(hostile_proposal, export_2020_21):
    data = export_2020_21("docx")
    word = open_docx(data)
    assert docx_numbered_paragraphs(word)[1] == normalise(HOSTILE)
    assert docx_footnotes(word)[1] == normalise(f"Note: {HOSTILE}")
    # The injected closing tags did not open a run of their own.
    body_text = [t.text for t in word.element.body.iter(qn("w:t"))]
    assert "injected" not in body_text
    assert any(p.text == '#set page(fill: red) "Budget"' for p in word.paragraphs)
    assert word.tables[1].rows[2].cells[0].text == FORMULA


def test_pdf_prints_typst_and_html_markup_as_text(hostile_proposal, export_2020_21):
    data = export_2020_21("pdf")
    body = squeeze(pdf_text(data, min_size=10))
    assert squeeze(f"2. {HOSTILE}") in body
    assert squeeze('#set page(fill: red) "Budget"') in body
    assert squeeze(FORMULA) in body
    assert squeeze(f"Note: {HOSTILE}") in squeeze(pdf_text(data, max_size=10))


def test_xlsx_writes_a_label_starting_with_equals_as_text_not_a_formula(
    hostile_proposal, export_2020_21
):
    sheet = open_xlsx(export_2020_21("xlsx"))["Appendix II"]
    assert sheet["A6"].value == FORMULA
    assert sheet["A6"].data_type == "s"


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("line\nbreak", '"line\\nbreak"'),
        ("bell\x07", '"bell\\u{7}"'),
        ("#*_$@<>[]=`~", '"#*_$@<>[]=`~"'),
    ],
)
def test_typst_strings_escape_only_backslash_quote_and_controls(text, literal):
    assert typst_string(text) == literal


def test_control_characters_that_xml_cannot_hold_are_left_out(proposal_2020_21, export_2020_21):
    paragraph = Paragraph.objects.get(
        section__biennium=proposal_2020_21, section__kind="introduction", position=2
    )
    paragraph.text = {"en": "Start\x01of heading and\x1f unit separator."}
    paragraph.save()
    assert docx_numbered_paragraphs(open_docx(export_2020_21("docx")))[1] == (
        "Startof heading and unit separator."
    )
    assert "2. Startof heading and unit separator." in pdf_text(export_2020_21("pdf"), min_size=10)
    open_xlsx(export_2020_21("xlsx"))
