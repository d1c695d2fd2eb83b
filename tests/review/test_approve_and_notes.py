"""Review notes: a manager leaves one; the part's editor sees it and resolves it with a reply;
a proposal with an open note is not approved."""

import pytest
from django.core.exceptions import PermissionDenied

from programme import services as programme_services
from programme.models import Activity, Biennium, Paragraph
from review import services
from review.models import ReviewNote
from tests.review.helpers import APPROVE, STATUS, SUBMIT, reasons_for_every_finding


@pytest.fixture
def paragraph(proposal_2020_21):
    return Paragraph.objects.filter(section__biennium=proposal_2020_21).order_by("pk").first()


def _note_on(paragraph, by, text="Say which year.") -> ReviewNote:
    return services.note_create(
        biennium=paragraph.section.biennium,
        by=by,
        part=ReviewNote.Part.PARAGRAPH,
        paragraph=paragraph,
        about="Paragraph 1",
        text=text,
    )


def _submit(client, manager):
    client.force_login(manager)
    client.post(SUBMIT, reasons_for_every_finding(client))


def test_approve_is_refused_while_a_note_is_open(
    client, proposal_2020_21, manager, second_manager, paragraph
):
    note = _note_on(paragraph, manager)
    _submit(client, manager)
    with pytest.raises(services.NotesOpen, match="1 open review note"):
        services.proposal_approve(biennium=proposal_2020_21, by=second_manager)
    assert Biennium.objects.get(pk=proposal_2020_21.pk).status == "submitted"

    client.force_login(second_manager)
    html = client.get(STATUS).content.decode()
    assert "Approval waits for 1 open review note" in html
    assert f'href="/bienniums/2020-21/review/notes/{note.pk}/"' in html
    response = client.post(APPROVE, follow=True)
    assert "Approval waits for 1 open review note" in response.content.decode()
    assert Biennium.objects.get(pk=proposal_2020_21.pk).status == "submitted"


def test_a_note_resolved_with_a_reply_leaves_the_open_list_and_stays_in_history(
    client, proposal_2020_21, manager, second_manager, staff, paragraph
):
    note = _note_on(paragraph, manager)
    client.force_login(staff)
    paragraph_page = f"/bienniums/2020-21/programme/paragraphs/id/{paragraph.pk}/"
    assert "Say which year." in client.get(paragraph_page, follow=True).content.decode()
    response = client.post(
        f"/bienniums/2020-21/review/notes/{note.pk}/resolve/", {"reply": "Year added."}
    )
    assert response.status_code == 302
    assert "Say which year." not in client.get(paragraph_page, follow=True).content.decode()
    note.refresh_from_db()
    assert (note.reply, note.resolved_by) == ("Year added.", staff)
    assert [(h.text, h.reply) for h in note.history.order_by("history_date")] == [
        ("Say which year.", ""),
        ("Say which year.", "Year added."),
    ]
    html = client.get(f"/bienniums/2020-21/review/notes/{note.pk}/").content.decode()
    assert "Year added." in html and "Resolved" in html

    _submit(client, manager)
    approved = services.proposal_approve(biennium=proposal_2020_21, by=second_manager)
    assert approved.status == "approved"


def test_only_managers_leave_notes_and_only_editors_of_the_part_resolve_them(
    proposal_2020_21, manager, staff, finance, paragraph
):
    with pytest.raises(PermissionDenied):
        _note_on(paragraph, staff)
    note = _note_on(paragraph, manager)
    with pytest.raises(PermissionDenied):
        services.note_resolve(note=note, by=finance, reply="Not mine")
    with pytest.raises(PermissionDenied, match="resolved already"):
        services.note_resolve(note=note, by=staff, reply="Done")
        services.note_resolve(note=note, by=staff, reply="Done twice")


def test_a_manager_leaves_a_note_on_an_activity_through_its_page(
    client, proposal_2020_21, manager, staff
):
    activity = Activity.objects.filter(line_of_action__biennium=proposal_2020_21).first()
    client.force_login(manager)
    page = f"/bienniums/2020-21/programme/activities/{activity.pk}/"
    new_note = f"/bienniums/2020-21/review/notes/new/?activity={activity.pk}"
    assert new_note.replace("&", "&amp;") in client.get(page).content.decode()
    response = client.post(new_note, {"text": "Name the partner."})
    assert response.status_code == 302 and response.url == page
    client.force_login(staff)
    assert "Name the partner." in client.get(page).content.decode()


def test_a_note_on_an_appendix_line_shows_on_the_figures_page(
    client, proposal_2020_21, manager, finance
):
    client.force_login(manager)
    response = client.post(
        "/bienniums/2020-21/review/notes/new/?appendix=1",
        {"line": "income_line:ilo", "text": "Confirm with Geneva."},
    )
    assert response.status_code == 302
    note = ReviewNote.objects.get()
    assert (note.part, note.line, note.about) == ("income_line", "ilo", "ILO contribution")
    client.force_login(finance)
    html = client.get("/bienniums/2020-21/budget/figures/").content.decode()
    assert "Confirm with Geneva." in html


def test_a_note_of_another_biennium_is_not_found(client, proposal_2020_21, manager, paragraph):
    note = _note_on(paragraph, manager)
    client.force_login(manager)
    assert client.get(f"/bienniums/2022-23/review/notes/{note.pk}/").status_code == 404


def test_no_note_is_left_on_an_approved_proposal(
    proposal_2020_21, manager, second_manager, paragraph
):
    programme_services.biennium_submit(biennium=proposal_2020_21, by=manager)
    programme_services.biennium_approve(biennium=proposal_2020_21, by=second_manager)
    with pytest.raises(programme_services.BienniumLocked):
        _note_on(paragraph, manager)


def test_a_manager_leaves_a_note_on_a_paragraph_under_a_line_of_action(
    client, proposal_2020_21, manager
):
    paragraph = Paragraph.objects.filter(line_of_action__biennium=proposal_2020_21).first()
    client.force_login(manager)
    new_note = f"/bienniums/2020-21/review/notes/new/?paragraph={paragraph.pk}"
    assert client.get(new_note).status_code == 200
    response = client.post(new_note, {"text": "Which countries?"})
    assert response.status_code == 302
    note = ReviewNote.objects.get(paragraph=paragraph)
    assert note.text == "Which countries?" and note.about.startswith("Paragraph ")
