"""Writes to a proposal that matter: state checks first, one transaction, history recorded."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cinterfor.roles import MANAGERS, require_role

from .models import Biennium, BienniumTransition


class BienniumLocked(PermissionDenied):
    """The proposal is submitted or approved, so nothing in it may change."""


class InvalidTransition(Exception):
    """The proposal is not in a state from which this move is allowed."""


def ensure_editable(biennium: Biennium) -> None:
    """Refuse any change to a submitted or approved proposal (re-read from the database)."""
    status = Biennium.objects.values_list("status", flat=True).get(pk=biennium.pk)
    if status != Biennium.Status.DRAFT:
        raise BienniumLocked(
            _(
                "The %(label)s proposal is %(status)s and read-only. A manager can return it "
                "to draft, with a reason, to correct it."
            )
            % {"label": biennium.label, "status": Biennium.Status(status).label.lower()}
        )


def _move(
    *, biennium: Biennium, by, to: str, allowed_from: tuple[str, ...], reason: str = ""
) -> Biennium:
    require_role(by, MANAGERS)
    with transaction.atomic():
        locked = Biennium.objects.select_for_update().get(pk=biennium.pk)
        if locked.status not in allowed_from:
            raise InvalidTransition(
                _("A %(status)s proposal cannot be moved to %(to)s.")
                % {
                    "status": locked.get_status_display().lower(),
                    "to": Biennium.Status(to).label.lower(),
                }
            )
        BienniumTransition.objects.create(
            biennium=locked, from_status=locked.status, to_status=to, by=by, reason=reason
        )
        now = timezone.now()
        if to == Biennium.Status.SUBMITTED:
            locked.submitted_by, locked.submitted_at = by, now
        elif to == Biennium.Status.APPROVED:
            if locked.submitted_by_id == by.pk:
                raise PermissionDenied(
                    _("The proposal must be approved by someone other than its submitter.")
                )
            locked.approved_by, locked.approved_at = by, now
        else:
            locked.submitted_by = locked.submitted_at = None
            locked.approved_by = locked.approved_at = None
        locked.status = to
        locked.version += 1
        locked.save()
    return locked


def biennium_submit(*, biennium: Biennium, by) -> Biennium:
    """Draft → submitted: the proposal is frozen for review."""
    return _move(biennium=biennium, by=by, to=Biennium.Status.SUBMITTED, allowed_from=("draft",))


def biennium_approve(*, biennium: Biennium, by) -> Biennium:
    """Submitted → approved, by a manager other than the submitter (four eyes)."""
    return _move(biennium=biennium, by=by, to=Biennium.Status.APPROVED, allowed_from=("submitted",))


def biennium_reopen(*, biennium: Biennium, by, reason: str) -> Biennium:
    """Submitted or approved → draft, for a correction; the reason is recorded."""
    if not reason.strip():
        raise InvalidTransition(_("Say why the proposal goes back to draft."))
    return _move(
        biennium=biennium,
        by=by,
        to=Biennium.Status.DRAFT,
        allowed_from=("submitted", "approved"),
        reason=reason.strip(),
    )
