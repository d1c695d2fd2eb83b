"""The compare page: two states of a proposal side by side, read by every role."""

from django.core.paginator import Paginator
from django.shortcuts import render

from cinterfor.roles import ALL_ROLES, role_required
from programme.selectors import get_biennium_or_404

from . import selectors
from .compare import compare
from .forms import CompareForm

ACTIVITIES_PER_PAGE = 50


def _default_pair(biennium, choices) -> dict:
    """This proposal as it stands, against the previous biennium's or its last kept state."""
    by_value = {c.value: c for c in choices}
    new = f"{selectors.LIVE}:{biennium.slug}"
    previous = biennium.__class__(
        start_year=biennium.start_year - 2, end_year=biennium.end_year - 2
    )
    old = f"{selectors.LIVE}:{previous.slug}"
    if old not in by_value:
        own = [c for c in choices if c.snapshot and c.biennium.pk == biennium.pk]
        old = own[0].value if own else None
    return {"old": old, "new": new} if old else {}


@role_required(*ALL_ROLES)
def compare_states(request, years: str):
    """Choose two states (each biennium now, or a state kept at submission or export)."""
    biennium = get_biennium_or_404(years)
    choices = selectors.state_choices(biennium=biennium)
    defaults = _default_pair(biennium, choices)
    form = CompareForm(request.GET or None, choices=choices, initial=defaults)
    comparison = None
    pair = form.cleaned_data if form.is_bound and form.is_valid() else defaults
    if pair:
        by_value = {c.value: c for c in choices}
        old, new = by_value[pair["old"]], by_value[pair["new"]]
        kept = [c.snapshot for c in (old, new) if c.snapshot is not None]
        language = kept[0].language if kept else new.biennium.source_language
        comparison = compare(
            selectors.state_of(old, language=language), selectors.state_of(new, language=language)
        )
    context = {"biennium": biennium, "form": form, "comparison": comparison}
    if comparison is not None:  # each list of activities a page at a time, of its own
        for name, activities in (
            ("added", comparison.added_activities),
            ("removed", comparison.removed_activities),
        ):
            context[f"{name}_page"] = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(
                request.GET.get(name)
            )
    return render(request, "documents/compare.html", context)
