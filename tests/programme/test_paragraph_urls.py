"""A paragraph's address is the number the document prints; numbers that moved say so.

The rule is in programme/numbering.py: a write that renumbers keeps the numbers printed until
then; a number that no paragraph holds now forwards to where its last holder stands; a number
held by another paragraph than before shows that paragraph and says where the former one went.
"""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.exchange.exporter import export_proposal
from budget.exchange.importer import import_proposal
from budget.exchange.reading import parse_proposal
from programme.models import Activity, Paragraph
from programme.selectors import document_numbers

pytestmark = pytest.mark.django_db
YEARS = "2020-21"
CHANGED = "The numbering has changed since this number was first given."


def number_url(number: int, *, edit: bool = False) -> str:
    name = "programme:paragraph_number_edit" if edit else "programme:paragraph_number"
    return reverse(name, args=[YEARS, number])


def id_url(paragraph: Paragraph, *, edit: bool = False) -> str:
    name = "programme:paragraph_edit" if edit else "programme:paragraph"
    return reverse(name, args=[YEARS, paragraph.pk])


def numbered(biennium) -> dict[int, Paragraph]:
    """The paragraphs as the document numbers them now: number -> paragraph."""
    return {
        entry.number: entry.paragraph
        for entry in document_numbers(biennium=biennium).entries
        if entry.number is not None
    }


def id_links(html: str, numbers) -> list[str]:
    """Links by database id to the page or edit page of a paragraph the document numbers (one in
    an appendix has no number, so its id is its address; a footnote's form is by id)."""
    return [
        link
        for link, pk in re.findall(r'href="([^"]*/paragraphs/id/(\d+)/(?:edit/)?)"', html)
        if numbers.paragraphs[int(pk)] is not None
    ]


def delete_in_the_admin(client, paragraph: Paragraph) -> None:
    url = reverse("admin:programme_paragraph_delete", args=[paragraph.pk])
    response = client.post(url, {"post": "yes", "seen_version": paragraph.version})
    assert response.status_code == 302
    assert not Paragraph.objects.filter(pk=paragraph.pk).exists()


@pytest.fixture
def admin_browser(django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x-long-pass")
    browser = Client()
    browser.force_login(admin)
    return browser


def test_an_id_address_forwards_for_good_to_the_number_address(client, proposal_2020_21, staff):
    fifteen = numbered(proposal_2020_21)[15]
    client.force_login(staff)
    page = client.get(id_url(fifteen))
    assert page.status_code == 301 and page.url == number_url(15)
    # Permanent for bookmarks and search engines, yet asked again: the number may change.
    assert "max-age=0" in page["Cache-Control"]
    edit = client.get(id_url(fifteen, edit=True))
    assert edit.status_code == 301 and edit.url == number_url(15, edit=True)
    shown = client.get(number_url(15, edit=True))
    assert shown.status_code == 200 and shown.context["paragraph"].pk == fifteen.pk


def test_every_link_to_a_paragraph_uses_its_number(client, proposal_2020_21, staff):
    numbers = document_numbers(biennium=proposal_2020_21)
    planned = Activity.objects.filter(
        line_of_action__biennium=proposal_2020_21, source_paragraph__isnull=False
    ).first()
    with_footnote = Paragraph.objects.filter(
        section__biennium=proposal_2020_21, footnotes__isnull=False
    ).first()
    footnote = with_footnote.footnotes.first()
    client.force_login(staff)
    pages = {
        "sections": reverse("programme:sections", args=[YEARS]),
        "line": reverse("programme:line", args=[YEARS, "a"]),
        "paragraph": number_url(numbers.paragraphs[with_footnote.pk]),
        "paragraph edit": number_url(numbers.paragraphs[with_footnote.pk], edit=True),
        "activity": reverse("programme:activity", args=[YEARS, planned.pk]),
        "footnote": reverse("programme:footnote", args=[YEARS, footnote.pk]),
        "footnote new": reverse("programme:footnote_create", args=[YEARS, with_footnote.pk]),
    }
    found = {
        name: id_links(client.get(url).content.decode(), numbers) for name, url in pages.items()
    }
    assert found == {name: [] for name in pages}
    sections = client.get(pages["sections"]).content.decode()
    assert f'href="{number_url(1, edit=True)}"' in sections
    activity = client.get(pages["activity"]).content.decode()
    assert f'href="{number_url(numbers.paragraphs[planned.source_paragraph_id])}"' in activity


def test_the_edit_form_posts_to_the_paragraph_it_was_read_from(client, proposal_2020_21, staff):
    fifteen = numbered(proposal_2020_21)[15]
    client.force_login(staff)
    html = client.get(number_url(15, edit=True)).content.decode()
    assert f'<form method="post" novalidate action="{id_url(fifteen, edit=True)}">' in html
    # The number address only reads: a form posted there could reach another paragraph.
    assert client.post(number_url(15, edit=True), {"text_en": "x"}).status_code == 405


def test_an_unchanged_numbering_says_nothing(client, proposal_2020_21, staff):
    client.force_login(staff)
    assert CHANGED not in client.get(number_url(15)).content.decode()


def test_after_a_deletion_each_moved_number_says_where_its_paragraph_went(
    client, admin_browser, proposal_2020_21, staff
):
    before = numbered(proposal_2020_21)
    last = max(before)
    delete_in_the_admin(admin_browser, before[3])
    after = numbered(proposal_2020_21)
    assert after[3].pk == before[4].pk  # everything after 3 moved up one

    client.force_login(staff)
    three = client.get(number_url(3))
    assert three.context["paragraph"].pk == before[4].pk
    text = three.content.decode()
    assert CHANGED in text and "paragraph 3 was a paragraph since deleted" in text

    four = client.get(number_url(4)).content.decode()
    assert CHANGED in four
    assert f'<a href="{number_url(3)}">now paragraph 3</a>' in four  # the old paragraph 4

    # The last number belongs to no paragraph now: it forwards to where its paragraph is.
    gone = client.get(number_url(last))
    assert gone.status_code == 302 and gone.url == number_url(last - 1)
    followed = client.get(number_url(last), follow=True).content.decode()
    assert f"paragraph {last} is now paragraph {last - 1}" in followed
    assert client.get(number_url(last, edit=True)).url == number_url(last - 1, edit=True)
    assert client.get(number_url(last + 1)).status_code == 404
    # The paragraph's identity still finds it, at its new number.
    assert client.get(id_url(before[4])).url == number_url(3)


def test_a_paragraph_added_by_an_import_shows_where_the_earlier_holder_went(
    client, proposal_2020_21, staff, manager
):
    data = export_proposal(proposal_2020_21)
    first_section = data["sections"][0]
    added_at = len(first_section["paragraphs"]) + 1
    before = numbered(proposal_2020_21)
    first_section["paragraphs"].append({"text": {"en": "A paragraph added at the end."}})
    proposal = parse_proposal(json.dumps(data, ensure_ascii=False))
    import_proposal(proposal, by=manager, replace=True)

    client.force_login(staff)
    page = client.get(number_url(added_at))
    assert "A paragraph added at the end." in page.content.decode()
    text = page.content.decode()
    assert CHANGED in text
    assert f'<a href="{number_url(added_at + 1)}">now paragraph {added_at + 1}</a>' in text
    assert numbered(proposal_2020_21)[added_at + 1].pk == before[added_at].pk


def test_the_number_page_reads_the_same_queries_after_renumberings(
    client, admin_browser, proposal_2020_21, staff
):
    client.force_login(staff)
    client.get(number_url(3))  # sessions and caches warmed
    with CaptureQueriesContext(connection) as unchanged:
        client.get(number_url(3))
    for number in (3, 3, 3):
        delete_in_the_admin(admin_browser, numbered(proposal_2020_21)[number])
    client.get(number_url(3))
    with CaptureQueriesContext(connection) as renumbered:
        text = client.get(number_url(3)).content.decode()
    assert CHANGED in text
    assert len(renumbered) == len(unchanged)
