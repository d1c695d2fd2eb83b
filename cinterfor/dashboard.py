"""The dashboard of one biennium: key figures and charts, for every role."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from cinterfor.roles import ALL_ROLES, role_required
from programme.selectors import get_biennium_or_404

from .dashboard_data import KeyFigure, dashboard_for
from .navigation import may_open, section_of


@dataclass(frozen=True)
class Card:
    """A key figure and, where the user may open it, the page that shows what it sums up."""

    figure: KeyFigure
    url: str = ""


def _card(request, biennium, figure: KeyFigure) -> Card:
    if not figure.page or not may_open(request.user, figure.page):
        return Card(figure)
    section = section_of(figure.page)
    kwargs = {"years": biennium.slug} if section is None or section.per_biennium else {}
    url = reverse(figure.page, kwargs=kwargs)
    if figure.query:
        url = f"{url}?{figure.query}"
    return Card(figure, f"{url}#{figure.anchor}" if figure.anchor else url)


@role_required(*ALL_ROLES)
def dashboard(request, years: str):
    biennium = get_biennium_or_404(years)
    # Worked out only when the page's kept part is drawn again (cinterfor.data_version).
    board = SimpleLazyObject(lambda: dashboard_for(biennium=biennium))
    context = {
        "biennium": biennium,
        "dashboard": board,
        "cards": SimpleLazyObject(
            lambda: [_card(request, biennium, figure) for figure in board.key_figures]
        ),
    }
    return render(request, "dashboard.html", context)
