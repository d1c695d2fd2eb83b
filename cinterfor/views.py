"""The site's own pages: the list of bienniums one starts from."""

from django.shortcuts import render

from programme.selectors import bienniums_overview

from .roles import has_any_role, role_not_required


@role_not_required
def home(request):
    """The bienniums; to someone not yet given a role, a word on how to get one."""
    if not has_any_role(request.user):
        return render(request, "home.html", {"without_role": True})
    return render(request, "home.html", {"bienniums": bienniums_overview()})
