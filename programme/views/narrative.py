"""The proposal's narrative outside the activities: sections, paragraphs and footnotes."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.history import history_of
from cinterfor.roles import ALL_ROLES, role_required
from cinterfor.submissions import create_once, once_only

from .. import selectors, services
from ..forms import (
    FootnoteCreateForm,
    FootnoteForm,
    ParagraphForm,
    SectionTitleForm,
    VersionedForm,
)
from ..models import Section
from ..numbering import NumberAddress, number_address
from ..selectors import get_biennium_or_404
from .common import edit_page, may_edit
from .display import (
    ShownParagraph,
    figures_for_pages,
    placeholder_chips,
    show_paragraph,
    show_title,
)


@dataclass(frozen=True)
class ShownSection:
    section: Section
    paragraphs: list[ShownParagraph]
    title: str = ""  # placeholders filled (show_title)
    subtitle: str = ""


@role_required(*ALL_ROLES)
def sections_page(request: HttpRequest, years: str) -> HttpResponse:
    """Every section of the proposal with its paragraphs, numbered as the document numbers them."""
    biennium = get_biennium_or_404(years)
    numbers = selectors.document_numbers(biennium=biennium)
    figures = figures_for_pages(biennium)
    sections = [
        ShownSection(
            section,
            [show_paragraph(p, figures=figures, numbers=numbers) for p in paragraphs],
            show_title(section.title, figures=figures),
            show_title(section.subtitle, figures=figures),
        )
        for section, paragraphs in numbers.sections_with_paragraphs()
    ]
    context = {
        "biennium": biennium,
        "sections": sections,
        "programme_kind": Section.Kind.PROGRAMME,
        "can_edit": may_edit(request.user, biennium),
    }
    return render(request, "programme/sections.html", context)


def _paragraph_context(
    request: HttpRequest,
    biennium,
    paragraph,
    numbers=None,
    address: NumberAddress | None = None,
    figures=None,
) -> dict:
    numbers = numbers or selectors.document_numbers(biennium=biennium)
    figures = figures_for_pages(biennium) if figures is None else figures
    return {
        "biennium": biennium,
        "paragraph": paragraph,
        "shown": show_paragraph(paragraph, figures=figures, numbers=numbers),
        "chips": placeholder_chips(paragraph, figures=figures),
        "section": paragraph.section,
        "line": paragraph.line_of_action,
        "can_edit": may_edit(request.user, biennium),
        "renumbered": address,  # the former holders of the number the address names
    }


def _footnote_context(request: HttpRequest, biennium, footnote) -> dict:
    paragraph = footnote.paragraph
    numbers = selectors.document_numbers(biennium=biennium)
    return {
        "biennium": biennium,
        "footnote": footnote,
        "number": numbers.footnotes.get((paragraph.pk, footnote.key)),
        "paragraph": paragraph,
        "paragraph_number": numbers.paragraphs.get(paragraph.pk),
        "section": paragraph.section,
        "line": paragraph.line_of_action,
        "can_edit": may_edit(request.user, biennium),
    }


@dataclass(frozen=True)
class TextKind:
    """How the pages of one kind of text (a paragraph, a footnote) find, show and save it."""

    name: str
    lookup: Callable
    context: Callable
    form: type
    update: Callable
    saved: Callable[[], str]
    form_extra: Callable = lambda _biennium: {}  # what else the form needs (the figures)


PARAGRAPH = TextKind(
    name="paragraph",
    lookup=selectors.paragraph_in_biennium,
    context=_paragraph_context,
    form=ParagraphForm,
    update=services.paragraph_update,
    saved=lambda: _("The paragraph is saved."),
    form_extra=lambda biennium: {"figures": figures_for_pages(biennium)},
)
FOOTNOTE = TextKind(
    name="footnote",
    lookup=selectors.footnote_in_biennium,
    context=_footnote_context,
    form=FootnoteForm,
    update=services.footnote_update,
    saved=lambda: _("The footnote is saved."),
)


def _text_page(request: HttpRequest, years: str, pk: int, kind: TextKind) -> HttpResponse:
    biennium = get_biennium_or_404(years)
    return _render_text(request, biennium, kind, kind.lookup(biennium=biennium, pk=pk))


def _render_text(request: HttpRequest, biennium, kind: TextKind, record, **known) -> HttpResponse:
    context = kind.context(request, biennium, record, **known)
    context["history"] = history_of(record)
    return render(request, f"programme/{kind.name}.html", context)


def _text_changes(form) -> dict:
    """What an edit form gives its service: the text, and any figures changed on purpose."""
    changes = {"text": form.cleaned_data["text"]}
    if "placeholder_edit" in form.cleaned_data:
        changes["placeholder_edit"] = form.cleaned_data["placeholder_edit"]
    return changes


def _text_edit(request: HttpRequest, years: str, pk: int, kind: TextKind, **known) -> HttpResponse:
    """Edit a text's narrative; placeholders and markers are checked by the form and service."""
    biennium = get_biennium_or_404(years)
    record = kind.lookup(biennium=biennium, pk=pk)
    extra = kind.form_extra(biennium)  # the figures: read once, for the form and the page
    return edit_page(
        request,
        biennium=biennium,
        back={"to": f"programme:{kind.name}", "years": years, "pk": pk},
        make_form=lambda data: kind.form(data, **{kind.name: record}, **extra),
        save=lambda form: kind.update(
            **{kind.name: record},
            by=request.user,
            seen_version=form.cleaned_data["version"],
            **_text_changes(form),
        ),
        success=lambda _result: kind.saved(),
        template=f"programme/{kind.name}_form.html",
        context=lambda posted: kind.context(
            request,
            biennium,
            kind.lookup(biennium=biennium, pk=pk) if posted else record,
            **known,
            **extra,
        ),
    )


def _forward(to: str, years: str, number: int, *, permanent: bool) -> HttpResponse:
    response = redirect(to, years=years, number=number, permanent=permanent)
    # A paragraph's number may change: a browser must ask again rather than replay a cached 301.
    add_never_cache_headers(response)
    return response


def _forward_renumbered(request: HttpRequest, years: str, address: NumberAddress, to: str):
    """A number no paragraph holds now: to where its last holder stands, saying so; else 404."""
    if address.forward_to is None:
        raise Http404(_("The proposal has no paragraph %(number)s.") % {"number": address.number})
    messages.info(
        request,
        _("The numbering has changed: paragraph %(old)s is now paragraph %(new)s.")
        % {"old": address.number, "new": address.forward_to},
    )
    return _forward(to, years, address.forward_to, permanent=False)


def _by_id(years: str, pk: int):
    biennium = get_biennium_or_404(years)
    paragraph = PARAGRAPH.lookup(biennium=biennium, pk=pk)
    return biennium, paragraph, selectors.document_numbers(biennium=biennium)


@role_required(*ALL_ROLES)
def paragraph_page(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    """A paragraph by its id: forwards for good to its number address; a paragraph of an
    appendix, which the document does not number, is shown here."""
    biennium, paragraph, numbers = _by_id(years, pk)
    if number := numbers.paragraphs.get(paragraph.pk):
        return _forward("programme:paragraph_number", years, number, permanent=True)
    return _render_text(request, biennium, PARAGRAPH, paragraph, numbers=numbers)


def _number_address(years: str, number: int):
    biennium = get_biennium_or_404(years)
    numbers = selectors.document_numbers(biennium=biennium)
    return biennium, numbers, number_address(biennium=biennium, numbers=numbers, number=number)


@role_required(*ALL_ROLES)
def paragraph_by_number(request: HttpRequest, years: str, number: int) -> HttpResponse:
    """The paragraph the document numbers `number` now, saying which paragraphs held the number
    before (programme/numbering.py)."""
    biennium, numbers, address = _number_address(years, number)
    if address.paragraph is None:
        return _forward_renumbered(request, years, address, "programme:paragraph_number")
    paragraph = PARAGRAPH.lookup(biennium=biennium, pk=address.paragraph.pk)
    return _render_text(request, biennium, PARAGRAPH, paragraph, numbers=numbers, address=address)


@role_required(*ALL_ROLES)
def footnote_page(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    return _text_page(request, years, pk, FOOTNOTE)


@role_required(*services.EDITORS)
def paragraph_edit(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    """Saves a paragraph by its id (the edit form posts here); read, it forwards for good to
    the paragraph's number address."""
    if request.method != "POST":
        _biennium, paragraph, numbers = _by_id(years, pk)
        if number := numbers.paragraphs.get(paragraph.pk):
            return _forward("programme:paragraph_number_edit", years, number, permanent=True)
    return _text_edit(request, years, pk, PARAGRAPH)


@require_safe
@role_required(*services.EDITORS)
def paragraph_edit_by_number(request: HttpRequest, years: str, number: int) -> HttpResponse:
    """The edit page of the paragraph numbered `number`; its form posts to the paragraph's id,
    so the text goes to the paragraph read even if the numbering changes before it is saved."""
    _biennium, numbers, address = _number_address(years, number)
    if address.paragraph is None:
        return _forward_renumbered(request, years, address, "programme:paragraph_number_edit")
    return _text_edit(
        request, years, address.paragraph.pk, PARAGRAPH, numbers=numbers, address=address
    )


@role_required(*services.EDITORS)
def footnote_edit(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    return _text_edit(request, years, pk, FOOTNOTE)


@role_required(*services.EDITORS)
def section_edit(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    """Edit a section's title and subtitle."""
    biennium = get_biennium_or_404(years)
    section = selectors.section_in_biennium(biennium=biennium, pk=pk)
    return edit_page(
        request,
        biennium=biennium,
        back={"to": "programme:sections", "years": years},
        make_form=lambda data: SectionTitleForm(data, section=section),
        save=lambda form: services.section_title_update(
            section=section,
            by=request.user,
            seen_version=form.cleaned_data["version"],
            title=form.cleaned_data["title"],
            subtitle=form.cleaned_data["subtitle"],
        ),
        success=lambda _result: _("The section's title is saved."),
        template="programme/section_form.html",
        context=lambda posted: {
            "biennium": biennium,
            "section": selectors.section_in_biennium(biennium=biennium, pk=pk)
            if posted
            else section,
        },
    )


@role_required(*services.EDITORS)
@once_only
def footnote_create(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    """Add a footnote to a paragraph; its marker goes at the end of the text."""
    biennium = get_biennium_or_404(years)
    paragraph = selectors.paragraph_in_biennium(biennium=biennium, pk=pk)
    return edit_page(
        request,
        biennium=biennium,
        back={"to": "programme:paragraph", "years": years, "pk": pk},
        make_form=lambda data: FootnoteCreateForm(data, paragraph=paragraph),
        save=lambda form: create_once(
            request,
            create=lambda: services.footnote_create(
                paragraph=paragraph,
                by=request.user,
                key=form.cleaned_data["key"],
                text=form.cleaned_data["text"],
            ),
            url_of=lambda footnote: reverse(
                "programme:paragraph", kwargs={"years": years, "pk": pk}
            ),
        ),
        success=lambda footnote: (
            _(
                "The footnote is added, its marker [^%(key)s] at the end of the paragraph; "
                "edit the paragraph to move it."
            )
            % {"key": footnote.key}
        ),
        template="programme/footnote_new.html",
        context=lambda _posted: _paragraph_context(request, biennium, paragraph),
    )


@require_POST
@role_required(*services.EDITORS)
def footnote_delete(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    """Delete a footnote with its markers; a stale page is refused."""
    biennium = get_biennium_or_404(years)
    footnote = selectors.footnote_in_biennium(biennium=biennium, pk=pk)
    back = {"to": "programme:footnote", "years": years, "pk": pk}
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect(**back)
    try:
        services.footnote_delete(
            footnote=footnote, by=request.user, seen_version=form.cleaned_data["version"]
        )
    except (services.BienniumLocked, ConcurrentEdit) as error:
        messages.error(request, str(error))
        return redirect(**back)
    messages.success(request, _("The footnote and its marker are deleted."))
    return redirect("programme:paragraph", years=years, pk=footnote.paragraph_id)


def _restore(
    request: HttpRequest, years: str, pk: int, history_id: int, kind: TextKind, restore: Callable
) -> HttpResponse:
    """Restore a text to one of its versions; a stale page or a locked proposal is refused."""
    biennium = get_biennium_or_404(years)
    record = kind.lookup(biennium=biennium, pk=pk)
    back = {"to": f"programme:{kind.name}", "years": years, "pk": pk}
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect(**back)
    try:
        restore(
            **{kind.name: record},
            by=request.user,
            seen_version=form.cleaned_data["version"],
            history_id=history_id,
        )
    except (services.BienniumLocked, ConcurrentEdit) as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The earlier version is restored as a new version."))
    return redirect(**back)


@require_POST
@role_required(*services.EDITORS)
def paragraph_restore(request: HttpRequest, years: str, pk: int, history_id: int) -> HttpResponse:
    return _restore(request, years, pk, history_id, PARAGRAPH, services.paragraph_restore)


@require_POST
@role_required(*services.EDITORS)
def footnote_restore(request: HttpRequest, years: str, pk: int, history_id: int) -> HttpResponse:
    return _restore(request, years, pk, history_id, FOOTNOTE, services.footnote_restore)
