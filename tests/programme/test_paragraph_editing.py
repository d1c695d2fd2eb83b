"""Paragraphs show their figures from the data; editing keeps every placeholder as it was."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cinterfor.concurrency import ConcurrentEdit
from programme import services
from programme.models import Footnote, Paragraph
from programme.selectors import document_numbers

YEARS = "2020-21"
NETWORK = "[[network.member_institutions]]"


@pytest.fixture(autouse=True)
def _figures_from_budget(settings):
    settings.PROGRAMME_FIGURE_SOURCE = "budget.figures.figures_for"


def url(name: str, **kwargs) -> str:
    return reverse(f"programme:{name}", kwargs={"years": YEARS, **kwargs})


def paragraph_saying(biennium, words: str) -> Paragraph:
    """The one paragraph of the biennium whose English text holds `words`."""
    found = [
        p
        for p in Paragraph.objects.filter(section__biennium=biennium)
        if words in p.text.get("en", "")
    ]
    assert len(found) == 1, words
    return found[0]


def page_text(response) -> str:
    return response.content.decode()


def field_block(text: str, field: str) -> str:
    start = text.index(f'id="div_id_{field}"')
    return text[start : text.index("</fieldset>", start)]


# Showing


def test_a_paragraph_shows_figures_filled_and_placeholders_marked(client, proposal_2020_21, staff):
    client.force_login(staff)
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    text = page_text(client.get(url("paragraph", pk=paragraph.pk), follow=True))
    assert 'class="placeholder-figure" data-key="network.member_institutions"' in text
    assert "Figure from the data: network.member_institutions" in text
    assert ">67</span>" in text
    assert NETWORK not in text.split('id="history-heading"')[0].split("<code>")[0]


def test_a_stated_figure_is_marked_apart(client, proposal_2020_21, staff):
    client.force_login(staff)
    text = page_text(client.get(url("sections")))
    assert 'class="stated-figure" data-key="network.agreements_share_percent"' in text
    assert ">26</span>" in text


def test_footnotes_are_numbered_and_listed_under_their_paragraph(client, proposal_2020_21, staff):
    client.force_login(staff)
    paragraph = paragraph_saying(proposal_2020_21, "[^panama]")
    footnote = paragraph.footnotes.get()
    text = page_text(client.get(url("paragraph", pk=paragraph.pk), follow=True))
    anchor = f"footnote-{paragraph.pk}-panama"
    assert f'<sup><a href="#{anchor}"' in text and f'id="{anchor}"' in text
    assert "Panama Declaration for the ILO Centenary" in text
    assert url("footnote_edit", pk=footnote.pk) in text


def test_sections_page_lists_every_section_with_numbered_paragraphs(
    client, proposal_2020_21, staff
):
    client.force_login(staff)
    text = page_text(client.get(url("sections")))
    for section in proposal_2020_21.sections.all():
        assert f'id="section-{section.pk}"' in text
    first = paragraph_saying(proposal_2020_21, "[^panama]")
    number = document_numbers(biennium=proposal_2020_21).paragraphs[first.pk]
    assert url("paragraph_number_edit", number=number) in text
    assert '<div class="col-1 text-end text-muted fw-semibold">1.</div>' in text


# Editing


def edit_data(paragraph: Paragraph, english: str, **extra) -> dict:
    return {"text_en": english, "text_es": "", "version": paragraph.version, **extra}


def test_staff_edits_the_text_around_the_placeholders(client, proposal_2020_21, staff):
    client.force_login(staff)
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    new_text = paragraph.text["en"].replace("In its capacity as", "As")
    response = client.post(
        url("paragraph_edit", pk=paragraph.pk), edit_data(paragraph, new_text), follow=True
    )
    assert "The paragraph is saved." in page_text(response)
    paragraph.refresh_from_db()
    assert paragraph.text["en"].startswith("As a technical service")
    assert paragraph.version == 2
    page = page_text(client.get(url("paragraph", pk=paragraph.pk), follow=True))
    history = page.split('id="history-heading"')[1]
    assert staff.get_full_name() in history
    # The whole text, the changed words marked.
    assert "[deleted: </span>In its capacity as<span" in history
    assert "[inserted: </span>As<span" in history and "a technical service" in history


def test_the_edit_form_lists_the_placeholders_as_chips(client, proposal_2020_21, staff):
    client.force_login(staff)
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    text = page_text(client.get(url("paragraph_edit", pk=paragraph.pk), follow=True))
    start = text.index('<form method="post" novalidate')
    form = text[start : text.index("</form>", start)]
    shown = re.sub(r'<input type="hidden"[^>]*>', "", form)
    assert "[[" not in shown  # staff never see placeholder syntax
    assert "Member institutions of the network" in form and ">67</span>" in form
    assert "Countries in the network" in form


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace(NETWORK, "67"), "must keep the placeholder(s) " + NETWORK),
        (
            lambda t: t.replace(NETWORK, "[[network.member_countries]]"),
            "may not add or change placeholders ([[network.member_countries]])",
        ),
        (lambda t: t + " [[income.ilo.proposed]]", "may not add or change placeholders"),
        (lambda t: t + "[^nowhere]", "marks footnotes this paragraph does not have: [^nowhere]"),
    ],
)
def test_a_changed_placeholder_or_unknown_footnote_is_a_form_error(
    client, proposal_2020_21, staff, change, message
):
    client.force_login(staff)
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    before = dict(paragraph.text)
    response = client.post(
        url("paragraph_edit", pk=paragraph.pk), edit_data(paragraph, change(before["en"]))
    )
    assert response.status_code == 200
    assert message in field_block(page_text(response), "text")
    paragraph.refresh_from_db()
    assert paragraph.text == before and paragraph.version == 1


def test_the_form_writes_the_source_language_only(client, proposal_2020_21, staff):
    # Translations are kept on the translations pages: a Spanish text posted here is no field
    # of the form, and one still stored in the row is not kept by a save.
    client.force_login(staff)
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    english = paragraph.text["en"]
    Paragraph.objects.filter(pk=paragraph.pk).update(text={"en": english, "es": "Antiguo."})
    paragraph.refresh_from_db()
    response = client.post(
        url("paragraph_edit", pk=paragraph.pk),
        edit_data(paragraph, english, text_es="Una red de 67 instituciones en 27 países."),
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == {"en": english}


def test_a_known_footnote_marker_may_move(client, proposal_2020_21, staff):
    client.force_login(staff)
    paragraph = paragraph_saying(proposal_2020_21, "[^panama]")
    moved = paragraph.text["en"].replace("[^panama]", "") + "[^panama]"
    client.post(url("paragraph_edit", pk=paragraph.pk), edit_data(paragraph, moved))
    paragraph.refresh_from_db()
    assert paragraph.text["en"].endswith("[^panama]")


def test_a_concurrent_paragraph_edit_is_refused(client, proposal_2020_21, staff, manager):
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    english = paragraph.text["en"]
    services.paragraph_update(
        paragraph=paragraph, by=manager, seen_version=1, text={"en": english + " First."}
    )
    client.force_login(staff)
    response = client.post(
        url("paragraph_edit", pk=paragraph.pk), {"text_en": english + " Second.", "version": 1}
    )
    assert str(ConcurrentEdit.message) in page_text(response)
    paragraph.refresh_from_db()
    assert paragraph.text["en"].endswith(" First.")


def test_staff_edits_a_footnote_and_sees_its_history(client, proposal_2020_21, staff):
    client.force_login(staff)
    footnote = Footnote.objects.get(key="panama")
    response = client.post(
        url("footnote_edit", pk=footnote.pk),
        {"text_en": "ILO: Panama Declaration (2018).", "text_es": "", "version": 1},
        follow=True,
    )
    assert "The footnote is saved." in page_text(response)
    history = page_text(response).split('id="history-heading"')[1]
    assert staff.get_full_name() in history
    assert "[inserted: </span>(2018).<span" in history  # the new words marked in the whole text
    footnote.refresh_from_db()
    assert footnote.text == {"en": "ILO: Panama Declaration (2018)."} and footnote.version == 2


def test_an_empty_footnote_is_refused(client, proposal_2020_21, staff):
    client.force_login(staff)
    footnote = Footnote.objects.get(key="panama")
    before = footnote.text
    response = client.post(url("footnote_edit", pk=footnote.pk), {"text_en": "", "version": 1})
    assert response.status_code == 200
    footnote.refresh_from_db()
    assert footnote.text == before


# Who may edit, and when


def test_finance_gets_403_on_paragraph_and_footnote_edit_pages(client, proposal_2020_21, finance):
    client.force_login(finance)
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    footnote = Footnote.objects.get(key="panama")
    assert client.get(url("paragraph", pk=paragraph.pk), follow=True).status_code == 200
    assert client.get(url("paragraph_edit", pk=paragraph.pk)).status_code == 403
    assert client.get(url("footnote_edit", pk=footnote.pk)).status_code == 403
    response = client.post(url("paragraph_edit", pk=paragraph.pk), edit_data(paragraph, "Hi"))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.paragraph_update(paragraph=paragraph, by=finance, seen_version=1, text={"en": "x"})
    paragraph.refresh_from_db()
    assert paragraph.version == 1


def test_an_approved_proposal_refuses_paragraph_edits(
    client, proposal_2020_21, staff, manager, second_manager
):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    services.biennium_approve(biennium=proposal_2020_21, by=second_manager)
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    footnote = Footnote.objects.get(key="panama")
    client.force_login(staff)
    text = page_text(client.get(url("paragraph", pk=paragraph.pk), follow=True))
    assert "is approved, so it is read-only" in text
    assert url("paragraph_edit", pk=paragraph.pk) not in text
    response = client.post(
        url("paragraph_edit", pk=paragraph.pk),
        edit_data(paragraph, paragraph.text["en"] + " More."),
        follow=True,
    )
    assert "read-only" in page_text(response)
    client.post(url("footnote_edit", pk=footnote.pk), {"text_en": "Changed", "version": 1})
    paragraph.refresh_from_db()
    footnote.refresh_from_db()
    assert paragraph.version == 1 and footnote.version == 1


def test_the_service_checks_placeholders_whatever_the_form_did(proposal_2020_21, staff):
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    with pytest.raises(ValidationError, match="must keep the placeholder"):
        services.paragraph_update(
            paragraph=paragraph, by=staff, seen_version=1, text={"en": "No figures any more."}
        )
    paragraph.refresh_from_db()
    assert NETWORK in paragraph.text["en"]


def test_without_a_figure_source_placeholders_show_their_keys(
    client, proposal_2020_21, staff, settings
):
    del settings.PROGRAMME_FIGURE_SOURCE
    client.force_login(staff)
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    text = page_text(client.get(url("paragraph", pk=paragraph.pk), follow=True))
    assert 'data-key="network.member_institutions"' in text
    assert f">{NETWORK}</span>" in text
