"""The dashboard of one biennium: key figures and charts, for every role."""

from django.shortcuts import render

from cinterfor.roles import ALL_ROLES, FINANCE, MANAGERS, has_role, role_required
from programme.selectors import get_biennium_or_404

from .dashboard_data import dashboard_for


@role_required(*ALL_ROLES)
def dashboard(request, years: str):
    biennium = get_biennium_or_404(years)
    board = dashboard_for(biennium=biennium)
    context = {
        "biennium": biennium,
        "dashboard": board,
        "chart_data": board.chart_data(),
        "can_reconcile": has_role(request.user, MANAGERS, FINANCE),
    }
    return render(request, "dashboard.html", context)
