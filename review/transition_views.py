"""Submit, approve and return to draft, each confirmed on a page of its own (no script needed).

Submitting lists the reconciliation's open findings and takes a reason for each that stands;
approving lists the open review notes that hold it back.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from budget.reconciliation import reconcile
from cinterfor.roles import MANAGERS, role_required
from programme import services as programme_services
from programme.models import Biennium
from programme.selectors import get_biennium_or_404

from . import selectors, services
from .forms import FindingReasonsForm, ReopenForm


def _posted(request):
    return request.POST if request.method == "POST" else None


def _refused(request, years: str, error: Exception):
    messages.error(request, str(error) or _("Your role does not allow this."))
    return redirect("workflow:status", years=years)


@role_required(MANAGERS)
def submit(request, years: str):
    """Confirm the submission, with a reason for each open finding of the reconciliation."""
    biennium = get_biennium_or_404(years)
    findings = reconcile(biennium) if biennium.status == Biennium.Status.DRAFT else []
    form = FindingReasonsForm(_posted(request), findings=findings)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.proposal_submit(
                biennium=biennium, by=request.user, reasons=form.reasons()
            )
        except services.FindingsOpen as error:
            form.add_error(None, str(error))
        except (programme_services.InvalidTransition, PermissionDenied) as error:
            return _refused(request, years, error)
        else:
            messages.success(
                request,
                _("The %(label)s proposal is submitted; it is now read-only.")
                % {"label": moved.label},
            )
            return redirect("workflow:status", years=years)
    return render(request, "review/submit.html", {"biennium": biennium, "form": form})


@role_required(MANAGERS)
def approve(request, years: str):
    """Confirm the approval; the submitter and open review notes hold it back."""
    biennium = get_biennium_or_404(years)
    if request.method == "POST":
        try:
            moved = services.proposal_approve(biennium=biennium, by=request.user)
        except (programme_services.InvalidTransition, PermissionDenied) as error:
            return _refused(request, years, error)
        messages.success(request, _("The %(label)s proposal is approved.") % {"label": moved.label})
        return redirect("workflow:status", years=years)
    context = {
        "biennium": biennium,
        "is_submitter": biennium.submitted_by_id == request.user.pk,
        "open_notes": selectors.open_notes(biennium=biennium),
        "reasons": selectors.reasons_of_last_submission(biennium=biennium),
    }
    return render(request, "review/approve.html", context)


@role_required(MANAGERS)
def reopen(request, years: str):
    """Confirm the return to draft, with the reason it is recorded with."""
    biennium = get_biennium_or_404(years)
    form = ReopenForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            moved = programme_services.biennium_reopen(
                biennium=biennium, by=request.user, reason=form.cleaned_data["reason"]
            )
        except (programme_services.InvalidTransition, PermissionDenied) as error:
            return _refused(request, years, error)
        messages.success(
            request,
            _("The %(label)s proposal is back in draft; the reason is recorded.")
            % {"label": moved.label},
        )
        return redirect("workflow:status", years=years)
    return render(request, "review/reopen.html", {"biennium": biennium, "form": form})
