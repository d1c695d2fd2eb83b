"""The dashboard of one biennium (built in the workspace issue)."""

from django.shortcuts import render

from programme.selectors import get_biennium_or_404


def dashboard(request, years: str):
    biennium = get_biennium_or_404(years)
    return render(request, "dashboard.html", {"biennium": biennium})
