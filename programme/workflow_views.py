"""Where a proposal stands and how it got there.

Its moves (submit, approve, return to draft) are confirmed on pages of the review app
(`review.transition_views`), which checks the reconciliation's findings and the review notes.
"""

from django.shortcuts import render

from cinterfor.roles import ALL_ROLES, MANAGERS, has_role, role_required

from .selectors import get_biennium_or_404


@role_required(*ALL_ROLES)
def status_page(request, years: str):
    """Everyone may see where a proposal stands and how it got there."""
    biennium = get_biennium_or_404(years)
    context = {
        "biennium": biennium,
        "transitions": biennium.transitions.select_related("by"),
        "can_move": has_role(request.user, MANAGERS),
        # Four eyes: the submitter is not offered the approval the service would refuse.
        "can_approve": biennium.submitted_by_id != request.user.pk,
    }
    return render(request, "programme/status.html", context)
