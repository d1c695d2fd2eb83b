"""A biennium label typed into a text is reported, so a carried text never names the wrong one."""

import pytest

from budget.exchange.errors import ProposalFileError
from budget.exchange.importer import read_proposal
from budget.reconciliation import biennium_labels_in, reconcile
from documents.builder import build_document
from programme.models import Paragraph, Section


def test_a_typed_biennium_label_is_found_in_either_dash():
    assert biennium_labels_in("the 2020–21 biennium and 2022-23") == ["2020–21", "2022-23"]


def test_a_plan_spanning_four_years_or_a_placeholder_is_not_a_biennium_label():
    assert biennium_labels_in("the Strategic Plan for 2018–21") == []
    assert (
        biennium_labels_in("for the [[biennium.label]] biennium, [[previous.label|2018–19]]") == []
    )


@pytest.mark.django_db
def test_the_shipped_proposal_names_no_biennium_in_typed_text(proposal_2020_21):
    assert [f for f in reconcile(proposal_2020_21) if "names the biennium" in f.message] == []


@pytest.mark.django_db
def test_a_label_typed_into_a_paragraph_or_a_title_is_reported(proposal_2020_21):
    paragraph = Paragraph.objects.filter(section__biennium=proposal_2020_21).order_by("pk")[0]
    Paragraph.objects.filter(pk=paragraph.pk).update(text={"en": "Work for 2020–21 continues."})
    section = proposal_2020_21.sections.get(kind=Section.Kind.APPENDIX_II)
    Section.objects.filter(pk=section.pk).update(subtitle={"en": "Expenditure for 2020-21"})
    findings = [str(f) for f in reconcile(proposal_2020_21) if "names the biennium" in f.message]
    assert findings == [
        "Appendix II: the English text names the biennium 2020-21 in typed text; bind it to the "
        "proposal's biennium so a carried text names the right one.",
        "Paragraph 1: the English text names the biennium 2020–21 in typed text; bind it to the "
        "proposal's biennium so a carried text names the right one.",
    ]


@pytest.mark.django_db
def test_titles_fill_their_placeholders_in_the_document_and_the_appendices_page(
    client, proposal_2020_21, manager
):
    document = build_document(proposal_2020_21)
    assert document.title_block.title.startswith("Programme and budget proposals for 2020–21 of")
    appendix_two = next(s for s in document.sections if s.kind == Section.Kind.APPENDIX_II)
    assert appendix_two.subtitle.startswith("Summary of proposed expenditure for 2020–21 by")
    client.force_login(manager)
    page = client.get("/bienniums/2020-21/review/appendices/")
    assert "Summary of proposed expenditure for 2020–21 by" in page.text
    assert "[[" not in page.text


def test_the_exchange_file_refuses_an_unknown_placeholder_in_a_heading(tmp_path):
    from django.conf import settings

    text = settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8").replace(
        "Summary of proposed expenditure for [[biennium.label]]",
        "Summary of proposed expenditure for [[biennium.lable]]",
    )
    path = tmp_path / "proposal.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProposalFileError) as refused:
        read_proposal(path)
    assert "sections[6].subtitle.en: [[biennium.lable]] is not a known figure." in str(
        refused.value
    )


@pytest.mark.django_db
def test_the_sections_page_shows_a_title_with_its_placeholder_filled(
    client, proposal_2020_21, staff
):
    client.force_login(staff)
    page = client.get("/bienniums/2020-21/programme/sections/")
    assert "Summary of proposed expenditure for 2020–21 by subprogramme" in page.text
    assert "[[biennium.label]]" not in page.text
