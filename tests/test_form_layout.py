"""Forms that fit: one box in the source language, the server's errors summarised at the top and by each field."""

import re

import pytest
from django.urls import reverse

from programme.models import Footnote, Paragraph

pytestmark = pytest.mark.django_db

YEARS = "2020-21"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _paragraph(biennium) -> Paragraph:
    return Paragraph.objects.filter(section__biennium=biennium).order_by("pk").first()


def _form_pages(biennium) -> dict[str, str]:
    paragraph = _paragraph(biennium)
    footnote = Footnote.objects.filter(paragraph__section__biennium=biennium).first()
    return {
        "activity": reverse("programme:activity_create", args=[YEARS, "a"]),
        "paragraph": reverse("programme:paragraph_number_edit", args=[YEARS, 1]),  # by number
        "footnote": reverse("programme:footnote_edit", args=[YEARS, footnote.pk]),
        "footnote_new": reverse("programme:footnote_create", args=[YEARS, paragraph.pk]),
        "line": reverse("programme:line_edit", args=[YEARS, "a"]),
        "section": reverse("programme:section_edit", args=[YEARS, paragraph.section_id]),
    }


def test_narratives_show_one_box_in_the_source_language(staff_client, proposal_2020_21):
    # The other languages are translations, edited on the translations pages, linked from here.
    for name, url in _form_pages(proposal_2020_21).items():
        html = staff_client.get(url).content.decode()
        assert 'role="tablist"' not in html, name
        assert re.search(r'<textarea name="\w+_en"', html), name
        assert not re.search(r'<textarea name="\w+_(es|fr)"', html), name
        assert "In English</label>" in html, name
        assert "css/forms.css" in html and "js/forms.js" in html, name


def test_each_edit_page_links_to_the_translations_of_its_text(staff_client, proposal_2020_21):
    pages = _form_pages(proposal_2020_21)
    html = staff_client.get(pages["line"]).content.decode()
    assert 'href="/bienniums/2020-21/translations/es/line:a.heading/"' in html
    assert 'href="/bienniums/2020-21/translations/fr/line:a.heading/"' in html
    html = staff_client.get(pages["paragraph"]).content.decode()
    assert 'href="/bienniums/2020-21/translations/es/paragraph:introduction.1/"' in html
    html = staff_client.get(pages["activity"]).content.decode()
    assert "data-translation-links" not in html  # a new activity has no text to translate yet


def test_each_narrative_box_is_labelled_with_its_language(staff_client, proposal_2020_21):
    html = staff_client.get(_form_pages(proposal_2020_21)["activity"]).content.decode()
    assert re.search(
        r'<label class="form-text d-block mt-0 mb-1" for="id_title_0">In English', html
    )
    assert re.search(r'for="id_description_0">In English', html)
    assert 'name="title_es"' not in html


def test_the_form_pages_leave_validation_to_the_server(client, staff, finance, proposal_2020_21):
    from members.models import MemberInstitution

    client.force_login(staff)
    for name, url in _form_pages(proposal_2020_21).items():
        html = client.get(url).content.decode()
        assert re.search(r'<form method="post" novalidate', html), name
    client.force_login(finance)
    institution = MemberInstitution.objects.get(acronym="INA")
    for url in (
        reverse("members:institution_create"),
        reverse("members:institution_edit", args=[institution.pk]),
        reverse("members:agreement_create", args=[institution.pk]),
        reverse("budget:contribution_create", args=[YEARS]),
    ):
        html = client.get(url).content.decode()
        assert re.search(r'<form method="post" novalidate', html), url
        assert "js/forms.js" in html, url


def test_an_empty_activity_lists_its_errors_at_the_top_linking_to_each_field(
    staff_client, proposal_2020_21
):
    url = _form_pages(proposal_2020_21)["activity"]
    response = staff_client.post(url, {})
    html = response.content.decode()
    assert response.status_code == 200
    summary = html.split("data-form-errors>")[1].split("</div>")[0]
    assert 'role="alert"' in html.split("data-form-errors>")[0][-200:]
    assert '<a href="#id_title" class="alert-link">Title</a>: This field is required.' in summary
    assert '<a href="#id_kind" class="alert-link">' in summary
    assert 'id="id_title"' in html  # the link's target: the title's tabs
    # The same message beside the field, which names it for screen readers.
    assert 'aria-describedby="id_title_error"' in html
    assert 'id="id_title_error"' in html


def test_a_paragraph_without_english_text_is_refused_with_a_summary(staff_client, proposal_2020_21):
    paragraph = _paragraph(proposal_2020_21)
    url = reverse("programme:paragraph_edit", args=[YEARS, paragraph.pk])  # where it posts
    html = staff_client.post(
        url, {"text_en": "", "text_es": "Texto", "version": paragraph.version}
    ).content.decode()
    assert "data-form-errors" in html
    assert '<a href="#id_text" class="alert-link">Text</a>' in html
    assert 'class="is-invalid' in html or "is-invalid" in html


def test_no_summary_when_nothing_is_wrong(staff_client, proposal_2020_21):
    html = staff_client.get(_form_pages(proposal_2020_21)["activity"]).content.decode()
    assert "data-form-errors" not in html


def test_an_institution_without_a_name_lists_its_error_at_the_top(
    client, finance, proposal_2020_21
):
    from members.models import MemberInstitution

    client.force_login(finance)
    institution = MemberInstitution.objects.get(acronym="INA")
    url = reverse("members:institution_edit", args=[institution.pk])
    html = client.post(url, {"version": institution.version, "name": ""}).content.decode()
    summary = html.split("data-form-errors>")[1].split("</div>")[0]
    assert '<a href="#id_name"' in summary
    assert '<a href="#id_country"' in summary


def test_the_activity_form_sets_short_fields_side_by_side(staff_client, proposal_2020_21):
    html = staff_client.get(_form_pages(proposal_2020_21)["activity"]).content.decode()
    html = re.sub(r"\s+", " ", html)
    assert re.search(r'class="row ?" ?> <div class="col-md-6" ?> <div id="div_id_kind"', html)
    assert re.search(r'class="col-md-6" ?> <div id="div_id_status"', html)
    assert re.search(r'class="col-md-6" ?> <div id="div_id_ends_on"', html)
