"""The review's writes: submitting with a reason for each open finding, approving only without
open notes, and the notes themselves. Each locks the biennium's row first, as every write to a
proposal does, so a note cannot slip in beside an approval."""

from collections.abc import Mapping

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from budget.models import IncomeLine, Subprogramme
from budget.reconciliation import Finding, reconcile
from cinterfor.roles import FINANCE, MANAGERS, PROGRAMME_STAFF, require_role
from programme import services as programme_services
from programme.models import Activity, Biennium, BienniumTransition, Paragraph

from .models import FindingReason, ReviewNote

EDITORS_OF = {
    ReviewNote.Part.PARAGRAPH: (PROGRAMME_STAFF, MANAGERS),
    ReviewNote.Part.ACTIVITY: (PROGRAMME_STAFF, MANAGERS),
    ReviewNote.Part.INCOME_LINE: (FINANCE, MANAGERS),
    ReviewNote.Part.SUBPROGRAMME: (FINANCE, MANAGERS),
    ReviewNote.Part.BUDGET_FIGURE: (FINANCE, MANAGERS),
}


class FindingsOpen(programme_services.InvalidTransition):
    """Findings of the reconciliation are open and no reason says why they stand."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__(
            ngettext(
                "%(count)d finding is open: correct it, or say why it stands.",
                "%(count)d findings are open: correct them, or say why each stands.",
                len(findings),
            )
            % {"count": len(findings)}
        )


class NotesOpen(programme_services.InvalidTransition):
    """Review notes are open: whoever edits their parts must reply first."""

    def __init__(self, count: int):
        super().__init__(
            ngettext(
                "Approval waits for %(count)d open review note: its part's editor must reply.",
                "Approval waits for %(count)d open review notes: their parts' editors must reply.",
                count,
            )
            % {"count": count}
        )


def _lock(biennium: Biennium) -> Biennium:
    return Biennium.objects.select_for_update().get(pk=biennium.pk)


def proposal_submit(
    *, biennium: Biennium, by: AbstractBaseUser, reasons: Mapping[str, str]
) -> Biennium:
    """Draft → submitted, refused while a finding is open without a reason (by its key).

    The findings are read under the biennium's lock, so they are the ones submitted; the
    reasons are recorded with the transition in the same transaction.
    """
    require_role(by, MANAGERS)
    with transaction.atomic():
        locked = _lock(biennium)
        findings = reconcile(locked) if locked.status == Biennium.Status.DRAFT else []
        unexplained = [f for f in findings if not reasons.get(f.key, "").strip()]
        if unexplained:
            raise FindingsOpen(unexplained)
        submitted = programme_services.biennium_submit(biennium=locked, by=by)
        transition = BienniumTransition.objects.filter(biennium=submitted).latest("at", "id")
        FindingReason.objects.bulk_create(
            FindingReason(
                biennium=submitted,
                transition=transition,
                finding_key=finding.key,
                where=finding.where,
                finding=finding.message,
                link=finding.link,
                reason=reasons[finding.key].strip(),
                by=by,
                at=transition.at,
            )
            for finding in findings
        )
    return submitted


def proposal_approve(*, biennium: Biennium, by: AbstractBaseUser) -> Biennium:
    """Submitted → approved by another manager, refused while a review note is open."""
    require_role(by, MANAGERS)
    with transaction.atomic():
        locked = _lock(biennium)
        open_count = ReviewNote.objects.filter(biennium=locked, resolved_at__isnull=True).count()
        if open_count and locked.status == Biennium.Status.SUBMITTED:
            raise NotesOpen(open_count)
        return programme_services.biennium_approve(biennium=locked, by=by)


def _lock_open_for_review(biennium: Biennium) -> Biennium:
    """Lock the proposal; notes are left and answered while it is a draft or submitted."""
    locked = Biennium.objects.select_for_update(no_key=True).get(pk=biennium.pk)
    if locked.status == Biennium.Status.APPROVED:
        raise programme_services.BienniumLocked(
            _("The %(label)s proposal is approved; its review is closed.") % {"label": locked.label}
        )
    return locked


def _check_part(
    *,
    biennium: Biennium,
    part: str,
    paragraph: Paragraph | None,
    activity: Activity | None,
    subprogramme: Subprogramme | None,
    line: str,
    about: str,
) -> None:
    """Refuse a part that is not of this biennium or not of the kind named."""
    belongs = {
        ReviewNote.Part.PARAGRAPH: paragraph is not None
        and programme_services.paragraph_biennium(paragraph).pk == biennium.pk,
        ReviewNote.Part.ACTIVITY: activity is not None
        and activity.line_of_action.biennium_id == biennium.pk,
        ReviewNote.Part.SUBPROGRAMME: subprogramme is not None
        and subprogramme.budget.biennium_id == biennium.pk,
        ReviewNote.Part.INCOME_LINE: line in IncomeLine.values,
        ReviewNote.Part.BUDGET_FIGURE: bool(line),
    }
    if not belongs.get(part) or not about:
        raise ValidationError(_("Choose a part of this proposal for the note."))


def note_create(
    *,
    biennium: Biennium,
    by: AbstractBaseUser,
    part: str,
    about: str,
    text: str,
    paragraph: Paragraph | None = None,
    activity: Activity | None = None,
    subprogramme: Subprogramme | None = None,
    line: str = "",
) -> ReviewNote:
    """A manager's note on a paragraph, an activity or an appendix line."""
    require_role(by, MANAGERS)
    if not text.strip():
        raise ValidationError(_("Write the note."))
    with transaction.atomic():
        locked = _lock_open_for_review(biennium)
        _check_part(
            biennium=locked,
            part=part,
            paragraph=paragraph,
            activity=activity,
            subprogramme=subprogramme,
            line=line,
            about=about,
        )
        note = ReviewNote(
            biennium=locked,
            part=part,
            paragraph=paragraph,
            activity=activity,
            subprogramme=subprogramme,
            line=line,
            about=about[:300],
            text=text.strip(),
            by=by,
        )
        note.full_clean()
        note._history_user = by
        note.save()
    return note


def note_resolve(*, note: ReviewNote, by: AbstractBaseUser, reply: str) -> ReviewNote:
    """Whoever edits the note's part answers it; the answer closes the note."""
    require_role(by, *EDITORS_OF[ReviewNote.Part(note.part)])
    if not reply.strip():
        raise ValidationError(_("Reply to the note to resolve it."))
    with transaction.atomic():
        _lock_open_for_review(note.biennium)
        locked = ReviewNote.objects.select_for_update().get(pk=note.pk)
        if locked.resolved_at is not None:
            raise PermissionDenied(_("This note is resolved already."))
        locked.reply, locked.resolved_by, locked.resolved_at = reply.strip(), by, timezone.now()
        locked.full_clean()
        locked._history_user = by
        locked.save()
    return locked
