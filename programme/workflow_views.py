"""Managers move a proposal from draft to submitted to approved, and back with a reason."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cinterfor.roles import ALL_ROLES, MANAGERS, has_role, role_required

from . import services
from .selectors import get_biennium_or_404


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why does the proposal go back to draft?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@role_required(*ALL_ROLES)
def status_page(request, years: str, reopen_form: ReopenForm | None = None):
    """Everyone may see where a proposal stands and how it got there."""
    biennium = get_biennium_or_404(years)
    context = {
        "biennium": biennium,
        "transitions": biennium.transitions.select_related("by"),
        "can_move": has_role(request.user, MANAGERS),
        # Four eyes: the submitter is not offered the approval the service would refuse.
        "can_approve": biennium.submitted_by_id != request.user.pk,
        "reopen_form": reopen_form or ReopenForm(),
    }
    return render(request, "programme/status.html", context)


def _done(request, years: str, move, success: str):
    biennium = get_biennium_or_404(years)
    try:
        moved = move(biennium)
    except services.InvalidTransition as error:
        messages.error(request, str(error))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Your role does not allow this."))
    else:
        messages.success(request, success % {"label": moved.label})
    return redirect("workflow:status", years=years)


@require_POST
@role_required(MANAGERS)
def submit(request, years: str):
    return _done(
        request,
        years,
        lambda b: services.biennium_submit(biennium=b, by=request.user),
        _("The %(label)s proposal is submitted; it is now read-only."),
    )


@require_POST
@role_required(MANAGERS)
def approve(request, years: str):
    return _done(
        request,
        years,
        lambda b: services.biennium_approve(biennium=b, by=request.user),
        _("The %(label)s proposal is approved."),
    )


@require_POST
@role_required(MANAGERS)
def reopen(request, years: str):
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return status_page(request, years, reopen_form=form)
    return _done(
        request,
        years,
        lambda b: services.biennium_reopen(
            biennium=b, by=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The %(label)s proposal is back in draft; the reason is recorded."),
    )
