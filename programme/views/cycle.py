"""A manager starts the next biennium from this one: a preview, then one confirmed action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cinterfor.roles import MANAGERS, role_required
from cinterfor.submissions import create_once, once_only

from ..cycle import CannotStart, biennium_start, start_plan
from ..selectors import get_biennium_or_404


@role_required(MANAGERS)
@once_only
def start_next(request, years: str):
    """GET: what starting the next biennium would carry and leave behind. POST: start it."""
    source = get_biennium_or_404(years)
    start_year = source.start_year + 2
    if request.method == "POST":
        try:
            started = create_once(
                request,
                create=lambda: biennium_start(
                    source=source, start_year=start_year, by=request.user
                ),
                url_of=lambda new: reverse("workflow:status", args=[new.slug]),
            )
        except (CannotStart, PermissionDenied) as error:
            messages.error(request, str(error))
            return redirect("workflow:start_next", years=years)
        if started.result is not None:
            messages.success(
                request,
                _("The %(label)s proposal is started from %(source)s as a draft.")
                % {"label": started.result.label, "source": source.label},
            )
        return redirect(started.url)
    plan = start_plan(source=source, start_year=start_year)
    context = {
        "biennium": source,
        "plan": plan,
        "page": Paginator(plan.left_behind, 25).get_page(request.GET.get("page")),
    }
    return render(request, "programme/start_biennium.html", context)
