"""The status page and the notes list read as many queries with more notes and reasons."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from programme.models import Paragraph
from review import services
from review.models import ReviewNote
from tests.review.helpers import STATUS

NOTES = "/bienniums/2020-21/review/notes/"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _leave_notes(biennium, manager, count: int) -> None:
    for paragraph in Paragraph.objects.filter(section__biennium=biennium).order_by("pk")[:count]:
        services.note_create(
            biennium=biennium,
            by=manager,
            part=ReviewNote.Part.PARAGRAPH,
            paragraph=paragraph,
            about=f"Paragraph {paragraph.pk}",
            text="Check.",
        )


def test_status_and_notes_pages_do_not_grow_with_notes(client, proposal_2020_21, manager):
    client.force_login(manager)
    _leave_notes(proposal_2020_21, manager, 1)
    before = {url: _queries(client, url) for url in (STATUS, NOTES)}
    _leave_notes(proposal_2020_21, manager, 6)
    assert {url: _queries(client, url) for url in (STATUS, NOTES)} == before


def test_the_status_page_does_not_grow_with_the_reasons_recorded(client, proposal_2020_21, manager):
    from programme.services import biennium_reopen
    from tests.review.helpers import SUBMIT, reasons_for_every_finding

    client.force_login(manager)
    client.post(SUBMIT, reasons_for_every_finding(client))
    one_reason = _queries(client, STATUS)
    biennium_reopen(biennium=proposal_2020_21, by=manager, reason="More to check")
    for paragraph in Paragraph.objects.filter(section__biennium=proposal_2020_21)[:5]:
        paragraph.text = {**paragraph.text, "en": paragraph.text["en"] + " US$ 1,000."}
        paragraph.save()
    client.post(SUBMIT, reasons_for_every_finding(client))
    assert proposal_2020_21.finding_reasons.count() == 1 + 6
    assert _queries(client, STATUS) == one_reason


def test_the_notes_list_shows_a_page_of_notes_at_a_time(client, proposal_2020_21, manager):
    from review.views import NOTES_PER_PAGE

    client.force_login(manager)
    for _ in range(NOTES_PER_PAGE + 1):
        _leave_notes(proposal_2020_21, manager, 1)
    first = client.get(NOTES)
    assert len(first.context["page"].object_list) == NOTES_PER_PAGE
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(NOTES + "?page=2").context["page"].object_list) == 1
