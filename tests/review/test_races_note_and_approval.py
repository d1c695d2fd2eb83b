"""A review note left while the proposal is being approved, in two real PostgreSQL transactions.

Whichever takes the proposal's row first, the other waits for it and is then refused: never an
approved proposal with an open note. The first side holds its transaction open until the test
lets it commit, so the order of the race is certain rather than likely.
"""

import pytest
from django.db import connection

from programme.models import Biennium, Paragraph
from programme.services import BienniumLocked, biennium_submit
from review.models import ReviewNote
from review.services import NotesOpen, note_create, proposal_approve
from tests.factories import manager_user
from tests.races import WAIT, Side
from tests.services import require

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql():
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "row locks need PostgreSQL (DATABASE_URL is SQLite)",
    )


@pytest.fixture
def submitted(proposal_2020_21):
    submitter, approver = manager_user(), manager_user()
    biennium_submit(biennium=proposal_2020_21, by=submitter)
    return proposal_2020_21, approver


def _note(biennium: Biennium, by):
    paragraph = Paragraph.objects.filter(section__biennium=biennium).order_by("pk").first()

    def leave() -> ReviewNote:
        return note_create(
            biennium=biennium,
            by=by,
            part=ReviewNote.Part.PARAGRAPH,
            about="Paragraph",
            text="Check the figure before approval.",
            paragraph=paragraph,
        )

    return leave


def race(first: Side, second: Side) -> None:
    first.start()
    assert first.done_work.wait(WAIT)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second transaction did not wait for the first"
    first.release.set()
    first.join(WAIT)
    second.join(WAIT)
    assert not first.is_alive() and not second.is_alive()


def never_approved_with_an_open_note(biennium: Biennium) -> None:
    biennium.refresh_from_db()
    open_notes = ReviewNote.objects.filter(biennium=biennium, resolved_at__isnull=True)
    assert not (biennium.status == Biennium.Status.APPROVED and open_notes.exists())


def test_a_note_left_during_the_approval_waits_and_is_refused(submitted):
    biennium, approver = submitted
    approving = Side(lambda: proposal_approve(biennium=biennium, by=approver), hold=True)
    noting = Side(_note(biennium, manager_user()))
    race(approving, noting)

    assert approving.error is None
    assert isinstance(noting.error, BienniumLocked)
    assert "approved; its review is closed" in str(noting.error)
    assert not ReviewNote.objects.filter(biennium=biennium).exists()
    never_approved_with_an_open_note(biennium)


def test_an_approval_during_a_note_waits_and_is_refused_for_the_open_note(submitted):
    biennium, approver = submitted
    noting = Side(_note(biennium, manager_user()), hold=True)
    approving = Side(lambda: proposal_approve(biennium=biennium, by=approver))
    race(noting, approving)

    assert noting.error is None
    assert isinstance(approving.error, NotesOpen)
    biennium.refresh_from_db()
    assert biennium.status == Biennium.Status.SUBMITTED
    assert ReviewNote.objects.filter(biennium=biennium, resolved_at__isnull=True).count() == 1
    never_approved_with_an_open_note(biennium)
