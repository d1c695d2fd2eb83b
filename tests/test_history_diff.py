"""History shows whole texts with their word-level changes, never cut short.

The word diff itself (cinterfor.wording) is tested in tests/test_wording.py.
"""

import pytest
from django.urls import reverse

from programme import services
from programme.models import Paragraph

YEARS = "2020-21"
CLOSING = "This closing sentence was added by programme staff after the review."


@pytest.fixture
def long_paragraph(proposal_2020_21) -> Paragraph:
    paragraphs = Paragraph.objects.filter(section__biennium=proposal_2020_21)
    return max(paragraphs, key=lambda p: len(p.text["en"]))


def add_closing_sentence(paragraph: Paragraph, by, sentence: str = CLOSING) -> None:
    services.paragraph_update(
        paragraph=paragraph,
        by=by,
        seen_version=paragraph.version,
        text={**paragraph.text, "en": f"{paragraph.text['en']} {sentence}"},
    )


def history_of_page(client, paragraph: Paragraph) -> str:
    url = reverse("programme:paragraph", kwargs={"years": YEARS, "pk": paragraph.pk})
    text = client.get(url, follow=True).content.decode()
    return text[text.index('id="history-heading"') :]


def test_an_added_closing_sentence_appears_in_the_history(client, long_paragraph, staff):
    assert len(long_paragraph.text["en"]) > 600  # far past where history used to cut
    add_closing_sentence(long_paragraph, staff)
    client.force_login(staff)

    history = history_of_page(client, long_paragraph)

    assert f"{CLOSING}<span" in history.split("<ins>")[1]  # inserted, marked as such
    assert "…" not in history  # whole texts, nothing truncated


def test_history_escapes_the_texts_it_marks(client, long_paragraph, staff):
    add_closing_sentence(long_paragraph, staff, "<script>alert(1)</script> & more.")
    client.force_login(staff)
    history = history_of_page(client, long_paragraph)
    assert "<script>alert" not in history
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in history


def test_history_page_queries_do_not_grow_with_its_entries(
    client, long_paragraph, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    add_closing_sentence(long_paragraph, staff, "One.")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        history_of_page(client, long_paragraph)
    for n in range(12):
        long_paragraph.refresh_from_db()
        add_closing_sentence(long_paragraph, staff, f"Sentence {n}.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        history = history_of_page(client, long_paragraph)
    assert history.count("Restore this version") == 13  # every entry but the newest
