"""Reads of the review: each in one query, whatever the number of notes or reasons."""

from django.db.models import F, QuerySet

from budget.figure_labels import ROWS
from budget.models import IncomeLine, Subprogramme
from programme.models import Biennium

from .models import FindingReason, ReviewNote

NOTE_RELATIONS = ("biennium", "by", "resolved_by")


def notes_of(*, biennium: Biennium) -> QuerySet[ReviewNote]:
    """A biennium's notes, open ones first, each with what its page shows."""
    return (
        ReviewNote.objects.filter(biennium=biennium)
        .select_related(*NOTE_RELATIONS)
        .order_by(F("resolved_at").asc(nulls_first=True), "at", "pk")
    )


def open_notes(*, biennium: Biennium) -> QuerySet[ReviewNote]:
    return notes_of(biennium=biennium).filter(resolved_at__isnull=True)


def open_notes_on(
    *, biennium: Biennium, paragraph_id=None, activity_id=None, appendix: bool = False
) -> QuerySet[ReviewNote]:
    """The open notes on one paragraph, one activity, or the appendices (the figures page)."""
    notes = open_notes(biennium=biennium)
    if paragraph_id is not None:
        return notes.filter(paragraph_id=paragraph_id)
    if activity_id is not None:
        return notes.filter(activity_id=activity_id)
    if appendix:
        return notes.filter(part__in=ReviewNote.APPENDIX_PARTS)
    return notes.none()


def note_of(*, biennium: Biennium, pk: int) -> ReviewNote:
    """One note of this biennium (a note of another one is not found)."""
    return notes_of(biennium=biennium).get(pk=pk)


def reasons_of_last_submission(*, biennium: Biennium) -> QuerySet[FindingReason]:
    """Why each finding stood when the proposal was last submitted (none in a draft)."""
    if biennium.status == Biennium.Status.DRAFT:
        return FindingReason.objects.none()
    last = biennium.transitions.filter(to_status=Biennium.Status.SUBMITTED).order_by("-at", "-id")
    return (
        FindingReason.objects.filter(transition__in=last.values("pk")[:1])
        .select_related("by")
        .order_by("pk")
    )


def appendix_lines(*, biennium: Biennium) -> list[tuple[str, str]]:
    """The appendix lines a note may be about, as (choice, words): income lines, Appendix I's
    rows A–E, and the subprogrammes of the proposed budget."""
    lines = [(f"income_line:{line.value}", str(line.label)) for line in IncomeLine]
    lines += [(f"budget_figure:{row}", str(label).capitalize()) for row, label in ROWS.items()]
    subprogrammes = Subprogramme.objects.filter(
        budget__biennium=biennium, budget__phase="proposed"
    ).order_by("position")
    lines += [(f"subprogramme:{s.pk}", str(s)) for s in subprogrammes]
    return lines
