"""The programme overview (the nine lines of action) and one line of action's page."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cinterfor.history import history_of
from cinterfor.links import url_of_each
from cinterfor.roles import ALL_ROLES, role_required

from .. import selectors, services
from ..forms import ActivityFilterForm, HeadingForm
from ..models import Activity, Biennium, LineOfAction
from ..selectors import DocumentNumbers, get_biennium_or_404
from .common import edit_page, may_edit, paginate
from .display import figures_for_pages, show_paragraph

LINE_PAGE_SIZE = 25  # as every other list; a line of action at 100× holds some 500


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    paragraph_number: int | None
    url: str
    paragraph_url: str
    move_up_url: str
    move_down_url: str


@role_required(*ALL_ROLES)
def lines_page(request: HttpRequest, years: str) -> HttpResponse:
    """The lines of action (a)–(i): heading, paragraphs, activities by status."""
    biennium = get_biennium_or_404(years)
    context = {
        "biennium": biennium,
        # Read only when the page's kept part is drawn again (cinterfor.data_version).
        "lines": SimpleLazyObject(lambda: selectors.line_summaries(biennium=biennium)),
        "statuses": Activity.Status.choices,
    }
    return render(request, "programme/lines.html", context)


def line_activities_context(
    request: HttpRequest,
    *,
    biennium: Biennium,
    line: LineOfAction,
    numbers: DocumentNumbers,
    filter_form: ActivityFilterForm,
    page_number: str | None,
) -> dict:
    """What the activity list of a line shows (also re-rendered alone after an htmx move)."""
    activities = selectors.activities_in_biennium(
        biennium=biennium, line=line, with_partners=False, **filter_form.filters()
    )
    # Counted and read only when the list is drawn, not when the line page's kept copy serves.
    page = SimpleLazyObject(lambda: paginate(activities, page_number, per_page=LINE_PAGE_SIZE))
    can_edit = may_edit(request.user, biennium)
    years = biennium.slug
    url_of = url_of_each("programme:activity", varying="pk", years=years)
    paragraph_url = url_of_each("programme:paragraph_number", varying="number", years=years)
    move_up, move_down = (
        url_of_each("programme:activity_move", varying="pk", years=years, direction=direction)
        for direction in ("up", "down")
    )

    def rows() -> list[ActivityRow]:
        shown = []
        for activity in page.object_list:
            number = numbers.paragraphs.get(activity.source_paragraph_id)
            shown.append(
                ActivityRow(
                    activity,
                    number,
                    url=url_of(activity.pk),
                    paragraph_url=paragraph_url(number) if number else "",
                    move_up_url=move_up(activity.pk),
                    move_down_url=move_down(activity.pk),
                )
            )
        return shown

    return {
        "biennium": biennium,
        "line": line,
        "page_obj": page,
        "rows": SimpleLazyObject(rows),
        "filter_form": filter_form,
        "can_edit": can_edit,
        # Moving within a narrowed list would jump over rows the user cannot see.
        "can_reorder": can_edit and not filter_form.is_narrowed,
    }


@role_required(*ALL_ROLES)
def line_page(request: HttpRequest, years: str, letter: str) -> HttpResponse:
    """A line of action: its paragraphs as the document prints them, and its activities."""
    biennium = get_biennium_or_404(years)
    numbers = selectors.document_numbers(biennium=biennium)
    line = numbers.line(letter)
    context = line_activities_context(
        request,
        biennium=biennium,
        line=line,
        numbers=numbers,
        filter_form=ActivityFilterForm(request.GET),
        page_number=request.GET.get("page"),
    )

    def paragraphs() -> list:
        figures = figures_for_pages(biennium)
        return [
            show_paragraph(paragraph, figures=figures, numbers=numbers)
            for paragraph in numbers.paragraphs_of_line(line)
        ]

    # Drawn only when the page's kept part is drawn again (cinterfor.data_version).
    context["paragraphs"] = SimpleLazyObject(paragraphs)
    context["history"] = SimpleLazyObject(lambda: history_of(line))
    return render(request, "programme/line.html", context)


@role_required(*services.EDITORS)
def line_edit(request: HttpRequest, years: str, letter: str) -> HttpResponse:
    """Edit the heading of a line of action."""
    biennium = get_biennium_or_404(years)
    line = selectors.line_in_biennium(biennium=biennium, letter=letter)
    return edit_page(
        request,
        biennium=biennium,
        back={"to": "programme:line", "years": years, "letter": letter},
        make_form=lambda data: HeadingForm(data, line=line),
        save=lambda form: services.line_heading_update(
            line=line,
            by=request.user,
            seen_version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
        ),
        success=lambda _result: _("The heading is saved."),
        template="programme/line_form.html",
        context=lambda posted: {
            "biennium": biennium,
            "line": selectors.line_in_biennium(biennium=biennium, letter=letter)
            if posted
            else line,
        },
    )
