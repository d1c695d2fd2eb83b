"""Review notes: managers leave them on a part of a proposal; its editors reply."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget.models import Subprogramme
from cinterfor.roles import ALL_ROLES, MANAGERS, has_role, require_role, role_required
from programme.models import Activity, Paragraph
from programme.selectors import document_numbers, get_biennium_or_404, paragraph_in_biennium

from . import selectors, services
from .forms import NoteForm, ReplyForm
from .models import ReviewNote

NOTES_PER_PAGE = 25  # as every other list: resolved notes stay, cycle after cycle


@role_required(*ALL_ROLES)
def notes_page(request, years: str):
    """Every note of the proposal, open ones first, with the part each is about."""
    biennium = get_biennium_or_404(years)
    context = {
        "biennium": biennium,
        "page": Paginator(selectors.notes_of(biennium=biennium), NOTES_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "may_write": has_role(request.user, MANAGERS),
    }
    return render(request, "review/notes.html", context)


def _paragraph_about(biennium, pk: int) -> tuple[Paragraph, str]:
    paragraph = paragraph_in_biennium(biennium=biennium, pk=pk)  # in a section or a line
    number = document_numbers(biennium=biennium).paragraphs.get(paragraph.pk)
    if number:
        return paragraph, _("Paragraph %(n)s") % {"n": number}
    return paragraph, str(
        paragraph.section.get_kind_display() if paragraph.section else paragraph.line_of_action
    )


def _target(request, biennium) -> dict:
    """What the new note is about, from the address (?paragraph=, ?activity=); without either,
    a line of the appendices, chosen on the form."""
    try:
        if "paragraph" in request.GET:
            paragraph, about = _paragraph_about(biennium, int(request.GET["paragraph"]))
            return {"part": ReviewNote.Part.PARAGRAPH, "paragraph": paragraph, "about": about}
        if "activity" in request.GET:
            activity = get_object_or_404(
                Activity, pk=int(request.GET["activity"]), line_of_action__biennium=biennium
            )
            about = _("Activity: %(title)s") % {"title": activity}
            return {"part": ReviewNote.Part.ACTIVITY, "activity": activity, "about": about}
    except ValueError as error:
        raise Http404 from error
    return {"appendix": True}


def _appendix_target(biennium, choice: str, lines: dict[str, str]) -> dict:
    kind, _colon, value = choice.partition(":")
    about = lines[choice]
    if kind == "subprogramme":
        subprogramme = get_object_or_404(Subprogramme, pk=value, budget__biennium=biennium)
        return {"part": kind, "subprogramme": subprogramme, "about": about}
    return {"part": kind, "line": value, "about": about}


@role_required(MANAGERS)
def note_create(request, years: str):
    """A manager leaves a note on a paragraph, an activity or a line of the appendices."""
    biennium = get_biennium_or_404(years)
    target = _target(request, biennium)
    lines = selectors.appendix_lines(biennium=biennium) if target.get("appendix") else None
    form = NoteForm(request.POST if request.method == "POST" else None, appendix_lines=lines)
    if request.method == "POST" and form.is_valid():
        if lines:
            target = _appendix_target(biennium, form.cleaned_data["line"], dict(lines))
        try:
            note = services.note_create(
                biennium=biennium, by=request.user, text=form.cleaned_data["text"], **target
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            messages.success(request, _("The note is left; its part's editors will see it."))
            return redirect(note.part_url() or note.get_absolute_url())
    context = {"biennium": biennium, "form": form, "about": target.get("about")}
    return render(request, "review/note_form.html", context)


@role_required(*ALL_ROLES)
def note_page(request, years: str, pk: int, reply_form: ReplyForm | None = None):
    """One note, its reply, and its history; those who edit its part may answer it."""
    biennium = get_biennium_or_404(years)
    try:
        note = selectors.note_of(biennium=biennium, pk=pk)
    except ReviewNote.DoesNotExist as error:
        raise Http404 from error
    context = {
        "biennium": biennium,
        "note": note,
        "history": note.history.select_related("history_user").order_by("history_date"),
        "may_reply": note.is_open
        and has_role(request.user, *services.EDITORS_OF[ReviewNote.Part(note.part)]),
        "reply_form": reply_form or ReplyForm(),
    }
    return render(request, "review/note.html", context)


@require_POST
@role_required(*ALL_ROLES)
def note_resolve(request, years: str, pk: int):
    biennium = get_biennium_or_404(years)
    try:
        note = selectors.note_of(biennium=biennium, pk=pk)
    except ReviewNote.DoesNotExist as error:
        raise Http404 from error
    require_role(request.user, *services.EDITORS_OF[ReviewNote.Part(note.part)])
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return note_page(request, years, pk, reply_form=form)
    try:
        services.note_resolve(note=note, by=request.user, reply=form.cleaned_data["reply"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Your role does not allow this."))
    else:
        messages.success(request, _("The note is resolved with your reply."))
        return redirect(note.part_url() or note.get_absolute_url())
    return redirect(note.get_absolute_url())
