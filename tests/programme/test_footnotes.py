"""Programme staff add and delete footnotes; a marker and its footnote come and go together."""

import pytest

from cinterfor.concurrency import ConcurrentEdit
from programme import services
from programme.models import Footnote, Paragraph


@pytest.fixture
def paragraph(proposal_2020_21) -> Paragraph:
    return Paragraph.objects.filter(
        section__biennium=proposal_2020_21, section__kind="budget"
    ).first()


def test_staff_adds_a_footnote_with_its_marker(client, paragraph, staff):
    client.force_login(staff)
    response = client.post(
        f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/footnotes/new/",
        {"key": "source", "text_en": "Financial statements, 2019.", "text_es": ""},
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text["en"].endswith("[^source]")
    assert paragraph.footnotes.get().text == {"en": "Financial statements, 2019."}
    assert paragraph.history.latest().history_user == staff


def test_a_bad_or_repeated_key_is_refused_beside_the_field(client, paragraph, staff):
    services.footnote_create(paragraph=paragraph, by=staff, key="source", text={"en": "One"})
    client.force_login(staff)
    url = f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/footnotes/new/"
    for key, message in (
        ("Bad Key", "Use lower-case letters"),
        ("source", "already has a footnote [^source]"),
    ):
        response = client.post(url, {"key": key, "text_en": "Two", "text_es": ""})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert paragraph.footnotes.count() == 1


def test_deleting_a_footnote_removes_its_marker(client, paragraph, staff):
    footnote = services.footnote_create(paragraph=paragraph, by=staff, key="x", text={"en": "X"})
    client.force_login(staff)
    response = client.post(
        f"/bienniums/2020-21/programme/footnotes/{footnote.pk}/delete/",
        {"version": footnote.version},
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert "[^x]" not in paragraph.text["en"]
    assert not Footnote.objects.filter(pk=footnote.pk).exists()


def test_a_stale_delete_is_refused(paragraph, staff):
    footnote = services.footnote_create(paragraph=paragraph, by=staff, key="x", text={"en": "X"})
    services.footnote_update(
        footnote=footnote, by=staff, seen_version=footnote.version, text={"en": "Y"}
    )
    with pytest.raises(ConcurrentEdit):
        services.footnote_delete(footnote=footnote, by=staff, seen_version=1)
    assert Footnote.objects.filter(pk=footnote.pk).exists()


def test_finance_may_not_add_a_footnote(client, paragraph, finance):
    client.force_login(finance)
    url = f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/footnotes/new/"
    assert client.post(url, {"key": "k", "text_en": "T"}).status_code == 403
    assert not paragraph.footnotes.exists()


def test_the_admin_picks_a_footnotes_paragraph_by_search_not_from_every_paragraph(
    admin_client, paragraph
):
    page = admin_client.get("/admin/programme/footnote/add/").content.decode()
    assert "admin-autocomplete" in page
    assert f'<option value="{paragraph.pk}"' not in page
