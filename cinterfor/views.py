"""The site's own pages: the list of bienniums one starts from."""

from django.shortcuts import render

from programme.selectors import bienniums_overview


def home(request):
    return render(request, "home.html", {"bienniums": bienniums_overview()})
