"""The managers' review of a proposal: the appendices as printed, and the reconciliation."""

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from cinterfor.roles import ALL_ROLES, role_required
from programme.selectors import get_biennium_or_404

from ..presenters import appendices_page
from ..reconciliation import reconcile


@role_required(*ALL_ROLES)
def appendices(request, years: str):
    """Appendix I and II beside the previous biennium; read-only, so every role may see it."""
    biennium = get_biennium_or_404(years)
    return render(
        request,
        "budget/review/appendices.html",
        # Read only when the page's kept part is drawn again (cinterfor.data_version).
        {
            "biennium": biennium,
            "page": SimpleLazyObject(lambda: appendices_page(biennium=biennium)),
        },
    )


@role_required(*ALL_ROLES)
def reconciliation(request, years: str):
    """Every inconsistency between the tables, the bienniums and the text; every role reads it,
    since programme staff own the paragraphs it flags."""
    biennium = get_biennium_or_404(years)
    return render(
        request,
        "budget/review/reconciliation.html",
        {"biennium": biennium, "findings": SimpleLazyObject(lambda: reconcile(biennium))},
    )
